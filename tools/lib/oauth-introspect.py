#!/usr/bin/env python3
"""A tiny OAuth 2.0 token service for the local test servers (stdlib only).

Dovecot's oauth2 passdb asks it whether an access token is valid (RFC 7662
token introspection), which gives IMAP and, through Dovecot's auth socket,
Postfix's SMTP AUTH the XOAUTH2 and OAUTHBEARER mechanisms.

  oauth-introspect.py serve --port PORT --tokens FILE --pid-file FILE
                            [--oidc-introspect URL --oidc-client ID --oidc-secret-file F]

Listens on 127.0.0.1:PORT; writes its pid to --pid-file once the socket
listens (servers.sh waits for that file). Log lines go to stderr and never
contain a token.

The tokens FILE (written by servers.sh) has one token a line:
    TOKEN USERNAME EXPIRES
EXPIRES is a Unix time, 0 for never. Lines starting with # are ignored. The file
is read again whenever it changes, so removing a line revokes that token.

With --oidc-introspect, a token this service did not issue is asked about at the
test OpenID provider's introspection endpoint (RFC 7662, as the resource server
client ID with the secret in F, read at each question because the provider
writes it after this service starts): active there means active here, with the
token's subject as the user name. So the mail servers accept the provider's
short-lived access tokens for XOAUTH2, and refuse them once expired or revoked.

Endpoints (form-encoded POST bodies, JSON answers):
  POST /introspect  token=T          -> {"active": true, "username": ..., "exp": ...}
                                        or {"active": false} (unknown, expired,
                                        revoked). Also GET ?token=T and a
                                        "Authorization: Bearer T" header.
  POST /token       username=U [&expires_in=S]
                                     -> {"access_token": ..., "token_type":
                                        "Bearer", "expires_in": S}: a fresh token
                                        for U, kept in memory (tests revoke it).
  POST /revoke      token=T          -> 200, empty (RFC 7009): T is inactive
                                        from now on.
"""
import argparse
import http.server
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class Tokens:
    """The file's tokens plus those issued at run time, minus revoked ones."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.mtime = None
        self.from_file = {}
        self.issued = {}
        self.revoked = set()

    def _reload(self):
        try:
            mtime = os.stat(self.path).st_mtime_ns
        except OSError:
            mtime = None
        if mtime == self.mtime:
            return
        tokens = {}
        if mtime is not None:
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    fields = line.split()
                    if len(fields) != 3 or fields[0].startswith("#"):
                        continue
                    tokens[fields[0]] = (fields[1], int(fields[2]))
        self.from_file = tokens
        self.mtime = mtime

    def lookup(self, token):
        """(username, expires) of an active token, else None."""
        with self.lock:
            self._reload()
            if token in self.revoked:
                return None
            entry = self.from_file.get(token) or self.issued.get(token)
        if entry is None:
            return None
        username, expires = entry
        if expires and expires <= time.time():
            return None
        return username, expires

    def issue(self, username, expires_in):
        token = "tt-" + secrets.token_urlsafe(32)
        expires = int(time.time()) + expires_in if expires_in > 0 else 0
        with self.lock:
            self.issued[token] = (username, expires)
        return token

    def revoke(self, token):
        with self.lock:
            self.revoked.add(token)


class OidcIntrospection:
    """Asks the test OpenID provider about tokens it issued."""

    def __init__(self, url, client_id, secret_file):
        self.url = url
        self.client_id = client_id
        self.secret_file = secret_file

    def lookup(self, token):
        """(username, expires) of a token the provider calls active, else None."""
        try:
            with open(self.secret_file, encoding="utf-8") as f:
                secret = f.read().strip()
        except OSError:
            return None
        body = urllib.parse.urlencode({"token": token, "client_id": self.client_id,
                                       "client_secret": secret}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as reply:
                answer = json.loads(reply.read().decode("utf-8"))
        except (OSError, ValueError, urllib.error.URLError):
            return None
        if answer.get("active") is not True or not answer.get("sub"):
            return None
        return answer["sub"], int(answer.get("exp") or 0)


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "TributaryTestOAuth/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # the default one prints request lines (with ?token=)
        pass

    def note(self, text):
        sys.stderr.write("%s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), text))
        sys.stderr.flush()

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        return {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}

    def bearer(self):
        auth = self.headers.get("Authorization") or ""
        return auth[7:].strip() if auth.lower().startswith("bearer ") else ""

    def introspect(self, token):
        found = self.server.tokens.lookup(token) if token else None
        source = "local"
        if found is None and token and self.server.oidc is not None:
            found = self.server.oidc.lookup(token)
            source = "oidc"
        if found is None:
            self.note("introspect: inactive")
            self.reply(200, {"active": False})
            return
        username, expires = found
        self.note("introspect: active for %s (%s)" % (username, source))
        answer = {"active": True, "username": username, "scope": "mail", "token_type": "Bearer",
                  "client_id": "tributary-test"}
        if expires:
            answer["exp"] = expires
        self.reply(200, answer)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/introspect":
            self.reply(404, {"error": "not_found"})
            return
        query = urllib.parse.parse_qs(url.query)
        self.introspect((query.get("token") or [""])[0] or self.bearer())

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        form = self.form()
        if path == "/introspect":
            self.introspect(form.get("token") or self.bearer())
        elif path == "/token":
            username = form.get("username", "").strip()
            if not username:
                self.reply(400, {"error": "invalid_request", "error_description": "username is missing"})
                return
            try:
                expires_in = int(form.get("expires_in") or 3600)
            except ValueError:
                self.reply(400, {"error": "invalid_request", "error_description": "expires_in is no number"})
                return
            token = self.server.tokens.issue(username, expires_in)
            self.note("issued a token for %s" % username)
            self.reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": expires_in})
        elif path == "/revoke":
            self.server.tokens.revoke(form.get("token", ""))
            self.note("revoked a token")
            self.reply(200)
        else:
            self.reply(404, {"error": "not_found"})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(args):
    server = Server(("127.0.0.1", args.port), Handler)
    server.tokens = Tokens(args.tokens)
    server.oidc = None
    if args.oidc_introspect:
        server.oidc = OidcIntrospection(args.oidc_introspect, args.oidc_client, args.oidc_secret_file)
    # Written once the socket listens: from here on connections are accepted.
    tmp = args.pid_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % os.getpid())
    os.replace(tmp, args.pid_file)
    sys.stderr.write("listening on 127.0.0.1:%d\n" % args.port)
    sys.stderr.flush()
    server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the token service")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--tokens", required=True)
    s.add_argument("--pid-file", required=True)
    s.add_argument("--oidc-introspect", help="the OpenID provider's introspection URL")
    s.add_argument("--oidc-client", default="tributary-mail-server")
    s.add_argument("--oidc-secret-file", help="file holding the resource server client's secret")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args)


if __name__ == "__main__":
    main()
