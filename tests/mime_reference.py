#!/usr/bin/env python3
"""What an independent, mature parser makes of mail: Python's stdlib email package with
policy=email.policy.default (RFC 5322 / 2047 / 2231 aware). The real-world mail test
(tests/integration/RealWorldMailTest.cpp) compares Tributary's decoded subject, sender and
attachment names with this, message by message.

Usage: tests/mime_reference.py FILE...   ->   one JSON object per file on stdout:
  {"file": basename, "subject": str|null,
   "from": [{"name": str, "address": str}, ...],
   "attachments": [file names of the leaf parts that have one, in order]}

Leaves are found the way Tributary walks a message: into multiparts, never into an attached
message/rfc822 (that is one attachment). A header Python cannot parse at all is reported as
{"error": "..."} in its field.
"""
import email
import email.policy
import json
import os
import sys


def leaves(part):
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        for child in part.get_payload():
            yield from leaves(child)
    else:
        yield part


def addresses(message):
    header = message["from"]
    if header is None:
        return []
    out = []
    for a in header.addresses:
        out.append({"name": a.display_name or "", "address": a.addr_spec if a.username or a.domain else ""})
    return out


def describe(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    result = {"file": os.path.basename(path)}
    try:
        subject = message["subject"]
        result["subject"] = None if subject is None else str(subject)
    except Exception as e:  # a header the parser gives up on
        result["subject"] = {"error": str(e)}
    try:
        result["from"] = addresses(message)
    except Exception as e:
        result["from"] = {"error": str(e)}
    names = []
    for leaf in leaves(message):
        try:
            name = leaf.get_filename()
        except Exception:
            name = None
        if name:
            names.append(name)
    result["attachments"] = names
    return result


def main():
    for path in sys.argv[1:]:
        print(json.dumps(describe(path), ensure_ascii=False))


if __name__ == "__main__":
    main()
