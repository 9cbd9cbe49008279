#!/usr/bin/env python3
"""Records what a real IMAP server answers, byte for byte, as seeds for the IMAP fuzz targets.

Usage (against the test servers, with messages delivered into alice's INBOX):
    . DIR/env.sh && tests/fuzz/capture-imap-seeds.py OUTDIR

Logs in as alice over STARTTLS and writes one file per command: the server's responses only,
as received (literals and all). Stdlib only.
"""
import os
import socket
import ssl
import sys

COMMANDS = [
    ("capability", b"CAPABILITY"),
    ("list-extended", b'LIST "" "*" RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))'),
    ("list-plain", b'LIST "" "*"'),
    ("lsub", b'LSUB "" "*"'),
    ("namespace", b"NAMESPACE"),
    ("status", b"STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"),
    ("select", b"SELECT INBOX (CONDSTORE)"),
    ("esearch", b"UID SEARCH RETURN (ALL) ALL"),
    ("esearch-minmax", b"UID SEARCH RETURN (MIN MAX COUNT) ALL"),
    ("search", b"UID SEARCH ALL"),
    ("search-modseq", b"UID SEARCH MODSEQ 1"),
    ("fetch-envelopes", b"UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE "
                        b"BODY.PEEK[HEADER.FIELDS (REFERENCES)] PREVIEW)"),
    ("fetch-changedsince", b"UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1)"),
    ("fetch-body", b"UID FETCH 1:4 (UID BODY.PEEK[])"),
    ("fetch-partial", b"UID FETCH 5:8 (BODY.PEEK[1]<0.200> BODY.PEEK[1.MIME] BINARY.PEEK[1])"),
]


def read_until_tagged(sock, tag):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
        # Done when a line starting with the tag has arrived (no literal can start with it here).
        for line in data.split(b"\r\n"):
            if line.startswith(tag + b" "):
                return data


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    host = os.environ["TRIBUTARY_TEST_HOST"]
    port = int(os.environ["TRIBUTARY_TEST_IMAP_PORT"])
    password = os.environ["TRIBUTARY_TEST_PASSWORD"]
    raw = socket.create_connection((host, port))
    greeting = raw.recv(4096)
    raw.sendall(b"s1 STARTTLS\r\n")
    read_until_tagged(raw, b"s1")
    context = ssl.create_default_context(cafile=os.environ["TRIBUTARY_TEST_CA_CERT"])
    sock = context.wrap_socket(raw, server_hostname="localhost")
    sock.sendall(b'l1 LOGIN "alice@tributary.test" "' + password.encode() + b'"\r\n')
    login = read_until_tagged(sock, b"l1")
    with open(os.path.join(out, "greeting-login"), "wb") as f:
        f.write(greeting + login)
    for n, (name, command) in enumerate(COMMANDS):
        tag = b"t%d" % n
        sock.sendall(tag + b" " + command + b"\r\n")
        with open(os.path.join(out, name), "wb") as f:
            f.write(read_until_tagged(sock, tag))
    sock.sendall(b"z LOGOUT\r\n")
    sock.close()


if __name__ == "__main__":
    main()
