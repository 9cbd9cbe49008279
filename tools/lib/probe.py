#!/usr/bin/env python3
"""Small network helpers for tools/lib/servers.sh (stdlib only).

  probe.py ports N                       print N free loopback TCP ports
  probe.py password                      print a random password (hex)
  probe.py banner PORT PREFIX TIMEOUT    wait until 127.0.0.1:PORT greets with PREFIX
"""
import secrets
import socket
import sys
import time


def free_ports(n):
    # Hold all sockets open until every port is known, so the N ports differ.
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_banner(port, prefix, timeout):
    deadline = time.monotonic() + timeout
    last = "no connection"
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                line = s.makefile("rb").readline().decode("utf-8", "replace").strip()
                if line.startswith(prefix):
                    return line
                last = "unexpected greeting: " + line
        except OSError as e:
            last = str(e)
        time.sleep(0.05)
    raise SystemExit("port %d did not answer with %r within %ss (%s)" % (port, prefix, timeout, last))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "ports":
        print(" ".join(str(p) for p in free_ports(int(sys.argv[2]))))
    elif cmd == "password":
        print(secrets.token_hex(12))
    elif cmd == "banner":
        print(wait_banner(int(sys.argv[2]), sys.argv[3], float(sys.argv[4])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
