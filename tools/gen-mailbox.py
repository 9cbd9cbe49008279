#!/usr/bin/env python3
"""Writes a realistic synthetic mailbox straight into Maildir++ folders.

Dovecot picks the files up on the next sync: no IMAP APPEND, so 20,000
messages take seconds. Output is deterministic for a given --seed and
--end-date.

Full mailbox for one user (INBOX, Sent, Archive, Lists/dev, Lists/announce,
Drafts, Trash, Junk, plus the shared team mailbox):
  gen-mailbox.py --state-dir build/sandbox --user alice --count 5000
One folder only (what the IMAP sync benchmark uses):
  gen-mailbox.py --state-dir build/testenv --user alice --count 20000 --folder INBOX
Explicit paths instead of a servers.sh state dir:
  gen-mailbox.py --maildir /path/to/Maildir --public-dir /path/to/public ...

What the messages look like: threads (Message-ID, In-Reply-To, References)
with replies by several people, some long and branching; "Re: Re:", "AW:",
"Fwd:"/"WG:"/"TR:" prefixes; UTF-8 and RFC 2047 subjects and names (German,
French, Japanese, Polish, emoji), also ISO-8859-1 words and a few raw 8-bit
headers; text/plain in 7bit, 8bit, quoted-printable and base64;
multipart/alternative with HTML; attachments (PNG, PDF, ICS, forwarded
message/rfc822) with RFC 2231 filenames; flags in the maildir info suffix
(S, FS, RS, PS, DS), the newest unread mail in new/; each file's mtime is its
received date (Dovecot's INTERNALDATE).
"""
import argparse
import base64
import binascii
import datetime as dt
import email.header
import email.utils
import os
import random
import struct
import subprocess
import sys
import zlib

DOMAIN = "tributary.test"
VMAIL_OWNER = (5000, 5000)  # uid/gid of mail files in tools/lib/servers.sh
HOST = "tributary-gen"

# name, address, language, UTC offset in hours
CONTACTS = [
    ("Jürgen Müller", "juergen.mueller@example.de", "de", 1),
    ("Anna Schäfer", "anna.schaefer@example.de", "de", 1),
    ("Björn Weiß", "bjoern@weiss.example.de", "de", 1),
    ("Käthe Groß", "k.gross@example.at", "de", 1),
    ("Stefan Becker", "stefan.becker@example.ch", "de", 1),
    ("Lena 🌻 Hoffmann", "lena@hoffmann.example.de", "de", 1),
    ("Françoise Dubois", "francoise.dubois@example.fr", "fr", 1),
    ("Élodie Lefèvre", "elodie@lefevre.example.fr", "fr", 1),
    ("Jérôme Martin", "jerome.martin@example.fr", "fr", 1),
    ("Anaïs Girard", "anais.girard@example.be", "fr", 1),
    ("山田 太郎", "taro.yamada@example.jp", "ja", 9),
    ("佐藤 花子", "hanako.sato@example.jp", "ja", 9),
    ("鈴木 一郎", "ichiro@suzuki.example.jp", "ja", 9),
    ("Łukasz Wiśniewski", "lukasz.w@example.pl", "pl", 1),
    ("Zofia Dąbrowska", "zofia@dabrowska.example.pl", "pl", 1),
    ("José García", "jose.garcia@example.es", "en", 1),
    ("Søren Åberg", "soren@aberg.example.dk", "en", 1),
    ("Çağla Yıldız", "cagla@example.com.tr", "en", 3),
    ("Peter Smith", "peter.smith@example.com", "en", -5),
    ("Emily Johnson", "emily@johnson.example.com", "en", -8),
    ("Daniel O'Brien", "daniel.obrien@example.ie", "en", 0),
    ("Smith, John", "john.smith@example.co.uk", "en", 0),
    ("Priya Raman", "priya.raman@example.in", "en", 5),
    ("Arjun Mehta", "arjun@mehta.example.in", "en", 5),
    ("王芳", "wang.fang@example.cn", "en", 8),
    ("", "noreply@billing.example.com", "en", 0),
    ("Bob Ellison", "bob@" + DOMAIN, "en", 1),
    ("Carol Nguyen", "carol@" + DOMAIN, "en", 1),
]

SUBJECTS = {
    "en": [
        "Quarterly report draft", "Lunch on Friday?", "Server migration plan", "Invoice {n}",
        "Your order {n} has shipped", "Design review notes", "Trip to Berlin", "Budget for next year",
        "Conference talk proposal", "Welcome to the team!", "Can you review my pull request?",
        "Outage postmortem", "Holiday schedule", "Feedback on the mockups", "Flight itinerary {n}",
        "Reminder: dentist appointment", "Offsite agenda", "Contract renewal",
        "Follow-up on the discussion about the new onboarding process and the documentation we need "
        "before the end of the quarter", "Quick question", "Slides for Thursday", "Hiring update",
        "Password policy change", "Team photo", "Weekend plans", "Book club: next pick",
    ],
    "de": [
        "Grüße aus München", "Protokoll der Besprechung vom Dienstag", "Änderungen am Vertrag",
        "Übergabe nächste Woche", "Frage zur Rechnung {n}", "Urlaubsplanung für März",
        "Einladung: Sommerfest 🎉", "Zugangsdaten für das Wiki", "Überarbeitete Präsentation",
        "Kündigung Büroräume Köln",
    ],
    "fr": [
        "Réunion de lundi", "Compte rendu de la réunion", "Vacances d'été", "Question sur la facture {n}",
        "Présentation du projet", "Déjeuner à la cantine ?", "Mise à jour du planning", "Café ☕ demain ?",
    ],
    "ja": [
        "会議の議事録", "来週の打ち合わせについて", "見積書送付のお願い", "新年のご挨拶", "出張の件",
        "資料の確認をお願いします",
    ],
    "pl": ["Spotkanie w środę", "Faktura za październik", "Żółta kartka dla projektu?"],
    "emoji": ["🎉 Launch day!", "☕ Coffee chat?", "🚀 Release {n} is out", "Happy birthday 🎂",
              "Build is green again ✅", "🔥 Hotfix needed"],
}

SENTENCES = {
    "en": [
        "Thanks for sending this over so quickly.", "I had a look at the numbers and they mostly add up.",
        "Could we move the meeting to Thursday afternoon?", "Let me know if anything is unclear.",
        "I attached the latest version for reference.", "The customer asked for a short summary by Friday.",
        "We should double-check the figures in section three.", "I'm out of office next week, back on the 12th.",
        "This looks good to me, one small comment inline.", "Can you loop in the rest of the team?",
        "The build failed again on the integration machine.", "I agree with the proposal in principle.",
        "Happy to help with the migration if you need another pair of hands.",
        "Sorry for the late reply, it has been a busy week.", "Please find my notes below.",
        "We can discuss the details in person tomorrow.", "The invoice has been paid, see the receipt.",
    ],
    "de": [
        "Vielen Dank für die schnelle Rückmeldung.", "Ich habe mir die Zahlen angesehen, sie passen größtenteils.",
        "Können wir den Termin auf Donnerstag verschieben?", "Anbei die überarbeitete Fassung.",
        "Bitte gib mir kurz Bescheid, ob das für dich in Ordnung ist.", "Die Übergabe ist für Mittwoch geplant.",
        "Ich bin nächste Woche im Urlaub und ab dem 12. wieder erreichbar.", "Grüße an das ganze Team!",
        "Für Rückfragen stehe ich gerne zur Verfügung.", "Das Angebot gilt bis Ende des Monats.",
    ],
    "fr": [
        "Merci beaucoup pour ton retour rapide.", "J'ai regardé les chiffres, ils semblent corrects.",
        "Pouvons-nous déplacer la réunion à jeudi après-midi ?", "Vous trouverez ci-joint la dernière version.",
        "N'hésite pas si tu as des questions.", "Je serai en congé la semaine prochaine.",
        "Le client souhaite un résumé d'ici vendredi.", "À très bientôt, et bon week-end !",
    ],
    "ja": [
        "いつもお世話になっております。", "資料を添付いたしましたので、ご確認ください。",
        "来週の会議の日程を調整させていただけますか。", "ご検討のほど、よろしくお願いいたします。",
        "取り急ぎご連絡まで。", "詳細は明日の打ち合わせでご説明します。",
    ],
    "pl": [
        "Dziękuję za szybką odpowiedź.", "Czy możemy przełożyć spotkanie na czwartek?",
        "W załączniku przesyłam najnowszą wersję.", "Pozdrawiam serdecznie z Łodzi.",
    ],
}
GREETING = {"en": "Hi {n},", "de": "Hallo {n},", "fr": "Bonjour {n},", "ja": "{n}様", "pl": "Cześć {n},"}
CLOSING = {"en": "Best regards,", "de": "Viele Grüße", "fr": "Cordialement,", "ja": "よろしくお願いいたします。",
           "pl": "Pozdrawiam,"}
ATTRIBUTION = {"en": "On {d}, {n} wrote:", "de": "Am {d} schrieb {n}:", "fr": "Le {d}, {n} a écrit :",
               "ja": "{d} {n} wrote:", "pl": "W dniu {d} {n} napisał(a):"}
REPLY = {"en": ["Re: "], "de": ["AW: ", "Re: "], "fr": ["RE: ", "Re: "], "ja": ["Re: "], "pl": ["Odp: ", "Re: "]}
FORWARD = {"en": ["Fwd: ", "Fw: "], "de": ["WG: ", "Fwd: "], "fr": ["TR: ", "Fwd: "], "ja": ["Fwd: "],
           "pl": ["PD: ", "Fwd: "]}

ATTACHMENT_NAMES = [
    ("application/pdf", "invoice-{n}.pdf"), ("application/pdf", "Präsentation Q{q}.pdf"),
    ("application/pdf", "réunion-notes.pdf"), ("application/pdf", "見積書.pdf"),
    ("application/pdf", "Contract (signed) v{q}.pdf"), ("image/png", "screenshot.png"),
    ("image/png", "Übersicht 😀.png"), ("image/png", "diagram-{n}.png"), ("text/calendar", "invite.ics"),
]


# ---------------------------------------------------------------------------
# Binary parts: a few real PNG and PDF files, made once and reused.

def make_png(w, h, seed):
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows += bytes(((x * 255 // w + seed * 40) % 256, (y * 255 // h) % 256, (seed * 70 + x + y) % 256))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


def make_pdf(title, pad):
    text = "BT /F1 24 Tf 72 760 Td (%s) Tj ET\nBT /F1 12 Tf 72 730 Td (Generated by tributary gen-mailbox) Tj ET\n" % title
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length %d >>\nstream\n%s%s\nendstream" % (len(text) + len(pad) + 1, text, "%" + pad),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out.encode("latin-1")))
        out += "%d 0 obj\n%s\nendobj\n" % (i, o)
    xref = len(out.encode("latin-1"))
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += "".join("%010d 00000 n \n" % off for off in offsets)
    out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out.encode("latin-1")


def b64(data):
    return base64.encodebytes(data).decode("ascii")


class Blobs:
    def __init__(self, rng):
        self.png = [b64(make_png(w, h, s)) for s, (w, h) in enumerate([(48, 32), (96, 64), (160, 100), (64, 64)])]
        self.pdf = [b64(make_pdf(t, "".join(rng.choice("abcdefghij0123456789 ") for _ in range(n))))
                    for t, n in [("Invoice", 200), ("Quarterly report", 3000), ("Contract", 6000),
                                 ("Meeting notes", 800)]]


# ---------------------------------------------------------------------------
# Header encoding helpers (cached: the same names and subjects recur a lot).

_ENC_CACHE = {}


def encode_words(text, charset="utf-8"):
    key = (text, charset)
    if key not in _ENC_CACHE:
        _ENC_CACHE[key] = email.header.Header(text, charset, maxlinelen=76).encode(linesep="\n")
    return _ENC_CACHE[key]


def is_ascii(s):
    return s.isascii()


def fmt_addr(name, addr, style=0):
    """style 0: UTF-8 encoded words, 1: ISO-8859-1 where possible, 2: raw UTF-8."""
    if not name:
        return addr
    if is_ascii(name):
        return email.utils.formataddr((name, addr))
    if style == 2:
        return '"%s" <%s>' % (name, addr)
    if style == 1:
        try:
            name.encode("iso-8859-1")
            return "%s <%s>" % (encode_words(name, "iso-8859-1"), addr)
        except UnicodeEncodeError:
            pass
    return "%s <%s>" % (encode_words(name), addr)


def fmt_subject(subject, rng):
    if is_ascii(subject):
        return subject
    r = rng.random()
    if r < 0.04:
        return subject  # raw 8-bit UTF-8: wrong, but common in the wild
    if r < 0.15:
        try:
            subject.encode("iso-8859-1")
            return encode_words(subject, "iso-8859-1")
        except UnicodeEncodeError:
            pass
    return encode_words(subject)


def rfc2231(filename):
    if is_ascii(filename):
        return 'filename="%s"' % filename, 'name="%s"' % filename
    quoted = "".join(c if c.isascii() and (c.isalnum() or c in "-._~") else "".join("%%%02X" % b for b in c.encode())
                     for c in filename)
    return "filename*=UTF-8''%s" % quoted, 'name="%s"' % encode_words(filename).replace("\n", "")


# ---------------------------------------------------------------------------

class Person:
    def __init__(self, name, addr, lang, tz, style=0):
        self.name, self.addr, self.lang = name, addr, lang
        self.tz = dt.timezone(dt.timedelta(hours=tz))
        self.header = fmt_addr(name, addr, style)
        if not name:
            self.first = addr.split("@")[0]
        elif "," in name:  # "Smith, John"
            self.first = name.split(",", 1)[1].strip()
        else:  # for Japanese names this is the family name, as a greeting wants
            self.first = name.split()[0]


class Msg:
    __slots__ = ("folder", "when", "author", "to", "cc", "subject", "msgid", "parent", "refs", "text", "lang",
                 "flags", "extra_headers", "html", "attachments", "forward_of", "new", "list")

    def __init__(self):
        self.flags = set()
        self.extra_headers = []
        self.attachments = []
        self.forward_of = None
        self.html = False
        self.new = False
        self.list = None
        self.cc = []
        self.refs = []
        self.parent = None


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        if len(args.end_date) == 10:  # a date: its evening
            self.end = dt.datetime.strptime(args.end_date, "%Y-%m-%d").replace(hour=18, tzinfo=dt.timezone.utc)
        else:
            self.end = dt.datetime.fromisoformat(args.end_date).replace(tzinfo=dt.timezone.utc)
        self.start = self.end - dt.timedelta(days=int(365 * args.years))
        me_local = args.me.split("@")[0]
        self.me = Person(args.name or me_local.capitalize() + " Sandbox", args.me, "en", 1)
        self.people = []
        for i, (n, a, l, tz) in enumerate(CONTACTS):
            if a == args.me:
                continue
            style = 1 if l == "de" and i % 2 == 0 else (2 if i % 11 == 0 else 0)
            self.people.append(Person(n, a, l, tz, style))
        self.blobs = Blobs(self.rng)
        self.counter = 0
        self.ticket = 4000

    # -- content ------------------------------------------------------------
    def subject_for(self, lang):
        pool = SUBJECTS[lang] if lang in SUBJECTS and self.rng.random() < 0.8 else SUBJECTS["en"]
        if self.rng.random() < 0.08:
            pool = SUBJECTS["emoji"]
        return self.rng.choice(pool).format(n=self.rng.randint(1000, 99999), q=self.rng.randint(1, 4))

    def paragraphs(self, lang, n=None):
        pool = SENTENCES.get(lang, SENTENCES["en"])
        paras = []
        for _ in range(n or self.rng.choice((1, 1, 2, 2, 3, 4))):
            paras.append(" ".join(self.rng.choice(pool) for _ in range(self.rng.randint(1, 4))))
        return paras

    def body_text(self, m):
        lang = m.author.lang
        to_name = m.to[0].first if m.to else ""
        lines = [GREETING.get(lang, GREETING["en"]).format(n=to_name), ""]
        for p in self.paragraphs(lang):
            lines += wrap(p) + [""]
        lines += [CLOSING.get(lang, CLOSING["en"]), m.author.first or m.author.addr]
        if m.parent is not None and self.rng.random() < 0.8:
            p = m.parent
            lines += ["", ATTRIBUTION.get(lang, ATTRIBUTION["en"]).format(
                d=email.utils.format_datetime(p.when.astimezone(m.author.tz)), n=p.author.name or p.author.addr)]
            lines += [("> " + l) if l else ">" for l in p.text.split("\n")[:14]]
        if m.forward_of is not None:
            f = m.forward_of
            lines += ["", "---------- Forwarded message ----------", "From: %s <%s>" % (f.author.name, f.author.addr),
                      "Date: %s" % email.utils.format_datetime(f.when), "Subject: %s" % f.subject, ""]
            lines += f.text.split("\n")[:30]
        return "\n".join(lines)

    # -- threads --------------------------------------------------------------
    def thread_size(self):
        r = self.rng.random()
        if r < 0.50:
            return 1
        if r < 0.75:
            return self.rng.randint(2, 3)
        if r < 0.92:
            return self.rng.randint(4, 8)
        if r < 0.985:
            return self.rng.randint(9, 20)
        return self.rng.randint(21, 60)

    def new_msgid(self, author):
        self.counter += 1
        return "<%08x.%d.%d@%s>" % (self.rng.getrandbits(32), self.counter, self.args.seed,
                                    author.addr.split("@")[1])

    def start_times(self, n, start, end):
        # More mail in recent months: skew start times towards the end.
        span = (end - start).total_seconds()
        return sorted(start + dt.timedelta(seconds=span * (self.rng.random() ** 0.7)) for _ in range(n))

    def make_thread(self, when, size, folder_of, reply_to_me=0.12, subject=None, cast=None, lang=None):
        """One conversation: messages that reply to earlier ones (branching)."""
        root_author = self.rng.choice(cast or self.people)
        lang = lang or root_author.lang
        cast = cast or ([root_author] + self.rng.sample(self.people, self.rng.randint(1, 4)))
        subject = subject or self.subject_for(lang)
        msgs = []
        t = when
        for k in range(size):
            m = Msg()
            if k == 0:
                m.author = root_author
                m.parent = None
                m.subject = subject
            else:
                m.author = self.me if self.rng.random() < reply_to_me else self.rng.choice(cast)
                # Mostly reply to the latest message, sometimes to an earlier one.
                m.parent = msgs[-1] if self.rng.random() < 0.7 else self.rng.choice(msgs)
                if m.author is m.parent.author and len(cast) > 1:
                    m.author = self.rng.choice([c for c in cast if c is not m.parent.author] or cast)
                prefix = self.rng.choice(REPLY.get(m.author.lang, REPLY["en"]))
                base = m.parent.subject
                stripped = base
                for p in ("Re: ", "AW: ", "RE: ", "Odp: "):
                    if stripped.startswith(p):
                        stripped = stripped[len(p):]
                if stripped != base and base.count(": ") < 3 and self.rng.random() < 0.15:
                    m.subject = prefix + base  # some clients stack: "Re: Re:", "AW: Re:"
                else:
                    m.subject = prefix + stripped  # most do not
            t = t + dt.timedelta(minutes=self.rng.choice((3, 10, 25, 60, 180, 600, 1440, 4000)) *
                                 self.rng.uniform(0.3, 1.5)) if k else t
            m.when = t  # may lie after the end: callers drop those
            m.lang = lang
            m.msgid = self.new_msgid(m.author)
            if m.parent is not None:
                m.refs = (m.parent.refs + [m.parent.msgid])[-12:]
                m.to = [m.parent.author] if m.parent.author is not m.author else [self.me]
            else:
                m.to = [self.me]
            if m.author is not self.me and self.me not in m.to:
                m.to = [self.me] + m.to
            others = [c for c in cast if c is not m.author and c not in m.to]
            m.cc = self.rng.sample(others, min(len(others), self.rng.randint(0, 2)))
            m.folder = folder_of(m)
            self.decorate(m)
            m.text = self.body_text(m)
            msgs.append(m)
            if m.author is self.me and m.parent is not None:
                m.parent.flags.add("R")
        return msgs

    def decorate(self, m):
        m.html = self.rng.random() < 0.45
        if self.rng.random() < 0.07:
            kind, name = self.rng.choice(ATTACHMENT_NAMES)
            m.attachments.append((kind, name.format(n=self.rng.randint(100, 9999), q=self.rng.randint(1, 4))))
            if self.rng.random() < 0.2:
                m.attachments.append(("image/png", "photo-%d.png" % self.rng.randint(1, 999)))

    def flags_for(self, m):
        age = (self.end - m.when).days
        f = set(m.flags)
        if m.author is self.me or age > 30 and self.rng.random() < 0.97 or age <= 30 and self.rng.random() < 0.6:
            f.add("S")
        if self.rng.random() < 0.03:
            f.add("F")
        if m.forward_of is None and self.rng.random() < 0.01:
            f.add("P")
        return f

    # -- folders --------------------------------------------------------------
    def inbox_and_sent(self, count, single_folder=None):
        """Threads until `count` messages from others (INBOX) exist; mine go to Sent."""
        folder_of = (lambda m: single_folder) if single_folder else (lambda m: "Sent" if m.author is self.me else "INBOX")
        msgs = []
        received = 0
        while received < count:
            # Threads in batches until enough messages from others exist (replies
            # past the end date are dropped, so the total is not known upfront).
            sizes = []
            need = (count - received) * 1.2 + 5
            while need > 0:
                sizes.append(self.thread_size())
                need -= sizes[-1] * (1 if single_folder else 0.88)
            for when, size in zip(self.start_times(len(sizes), self.start, self.end), sizes):
                batch = [m for m in self.make_thread(when, size, folder_of) if m.when <= self.end]
                msgs += batch
                received += sum(1 for m in batch if m.folder != "Sent")
        # Some forwards: new threads quoting an older message.
        for _ in range(max(1, len(sizes) // 40)):
            orig = self.rng.choice(msgs)
            fwd = self.make_thread(orig.when + dt.timedelta(hours=self.rng.randint(1, 200)), 1, folder_of)[0]
            fwd.subject = self.rng.choice(FORWARD.get(fwd.author.lang, FORWARD["en"])) + orig.subject
            fwd.forward_of = orig
            if self.rng.random() < 0.3:
                fwd.refs = [orig.msgid]
            fwd.text = self.body_text(fwd)
            msgs.append(fwd)
        msgs = [m for m in msgs if m.when <= self.end]
        msgs.sort(key=lambda m: m.when)
        inbox = [m for m in msgs if m.folder != "Sent"]
        excess = len(inbox) - count
        if excess > 0:  # trim the oldest to hit the count exactly
            drop = set(id(m) for m in inbox[:excess])
            msgs = [m for m in msgs if id(m) not in drop]
        newest = [m for m in msgs if m.folder == "INBOX" or (single_folder and m.folder == single_folder)][-12:]
        for m in msgs:
            m.flags = self.flags_for(m)
        for m in newest[-min(len(newest), 8):]:
            if self.rng.random() < 0.6:
                m.flags.discard("S")
                m.new = True
        return msgs

    def archive(self, count):
        msgs = []
        mid = self.start + (self.end - self.start) / 2
        for when in self.start_times(count, self.start - dt.timedelta(days=365), mid):
            msgs += [m for m in self.make_thread(when, self.rng.choice((1, 1, 2, 3)), lambda m: "Archive",
                                                 reply_to_me=0.0) if m.when <= self.end]
            if len(msgs) >= count:
                break
        for m in msgs[:count]:
            m.flags = {"S"} | ({"F"} if self.rng.random() < 0.02 else set())
        return msgs[:count]

    def mailing_list(self, count, name):
        devs = self.people[:]
        msgs = []
        if name == "dev":
            list_id, post = "Tributary developers <dev.lists.example.org>", "dev@lists.example.org"
        else:
            list_id, post = "Tributary announcements <announce.lists.example.org>", "announce@lists.example.org"
        lst = Person("Tributary %s" % name, post, "en", 0)
        n = 0
        for when in self.start_times(count, self.start, self.end):
            if n >= count:
                break
            if name == "dev":
                v = self.rng.randint(1, 4)
                parts = self.rng.randint(1, 9)
                topic = self.rng.choice(["imap: handle literal+ in fetch responses", "ui: keyboard navigation in the "
                                         "message list", "core: versioned ids for threads", "smtp: retry on 4xx",
                                         "docs: describe the sandbox", "build: drop the vmime include dir"])
                subject = "[PATCH v%d %d/%d] %s" % (v, self.rng.randint(1, parts), parts, topic)
                size = self.rng.choice((1, 2, 3, 5, 8))
                thread = self.make_thread(when, size, lambda m: "Lists/dev", reply_to_me=0.03, subject=subject,
                                          cast=self.rng.sample(devs, 4), lang="en")
            else:
                release = "%d.%d" % (self.rng.randint(0, 3), self.rng.randint(0, 20))
                subject = self.rng.choice(["[ANNOUNCE] Tributary %s released", "Newsletter: what is new in %s 📰",
                                           "Security advisory for %s", "[ANN] Call for testing: %s"]) % release
                thread = self.make_thread(when, 1, lambda m: "Lists/announce", reply_to_me=0.0, subject=subject,
                                          cast=[lst], lang="en")
            thread = [m for m in thread if m.when <= self.end]
            for m in thread:
                m.list = (list_id, post)
                m.to = [lst]
                m.cc = []
                if name == "announce":
                    m.html = True
                m.flags = {"S"} if self.rng.random() < 0.8 else set()
                if self.rng.random() < 0.02:
                    m.flags.add("F")
            msgs += thread
            n += len(thread)
        return msgs[:count]

    def team(self, count):
        """Support threads in the shared mailbox: customers and the three of us."""
        staff = [self.me] + [p for p in self.people if p.addr.endswith("@" + DOMAIN)]
        customers = [p for p in self.people if not p.addr.endswith("@" + DOMAIN) and p.name]
        support = Person("Tributary Support", "support@" + DOMAIN, "en", 1)
        msgs = []
        issues = ["Cannot log in after password reset", "Invoice shows the wrong VAT number",
                  "Sync stops at 99 %", "Feature request: dark mode", "Umlaute werden falsch angezeigt",
                  "Export als PDF schlägt fehl", "Problème de synchronisation du calendrier",
                  "添付ファイルが開けません", "Account locked", "Refund request"]
        for when in self.start_times(count, self.end - dt.timedelta(days=180), self.end):
            if len(msgs) >= count:
                break
            self.ticket += self.rng.randint(1, 9)
            customer = self.rng.choice(customers)
            subject = "[#%d] %s" % (self.ticket, self.rng.choice(issues))
            size = self.rng.choice((1, 2, 2, 3, 4, 6))
            thread = []
            for k in range(size):
                m = Msg()
                m.author = customer if k % 2 == 0 else self.rng.choice(staff)
                m.parent = thread[-1] if thread else None
                m.subject = subject if not thread else "Re: " + subject
                m.when = when + dt.timedelta(hours=5 * k * self.rng.uniform(0.2, 2))
                if m.when > self.end:
                    break
                m.lang = customer.lang
                m.msgid = self.new_msgid(m.author)
                m.refs = (m.parent.refs + [m.parent.msgid])[-12:] if m.parent else []
                m.to = [support] if m.author is customer else [customer]
                m.cc = [support] if m.author is not customer else []
                m.folder = "Public/Team"
                self.decorate(m)
                m.text = self.body_text(m)
                # Shared flags only: \Seen is per user (private index).
                m.flags = set()
                if m.parent is not None and m.author is not customer:
                    m.parent.flags.add("R")
                thread.append(m)
            if self.rng.random() < 0.15:
                thread[0].flags.add("F")
            msgs += thread
        return msgs[:count]

    def small_folders(self):
        msgs = []
        for k in range(3):
            m = self.make_thread(self.end - dt.timedelta(days=k * 3 + 1), 1, lambda m: "Drafts")[0]
            m.author, m.to = self.me, [self.rng.choice(self.people)]
            m.text = self.body_text(m)
            m.flags = {"D", "S"}
            msgs.append(m)
        for when in self.start_times(25, self.end - dt.timedelta(days=60), self.end):
            m = self.make_thread(when, 1, lambda m: "Trash")[0]
            m.flags = {"S", "T"} if self.rng.random() < 0.3 else {"S"}
            msgs.append(m)
        spam = ["You have WON!!! Claim your prize now", "Re: your invoice (urgent)", "Cheap watches 💰💰💰",
                "Ihr Konto wurde gesperrt", "Votre colis est en attente"]
        for when in self.start_times(15, self.end - dt.timedelta(days=30), self.end):
            m = Msg()
            m.author = Person("", "promo%d@spam.example.net" % self.rng.randint(1, 999), "en", 0)
            m.to, m.parent, m.refs = [self.me], None, []
            m.subject, m.when, m.lang = self.rng.choice(spam), when, "en"
            m.msgid = self.new_msgid(m.author)
            m.folder, m.html = "Junk", True
            m.text = "\n".join(wrap(" ".join(self.paragraphs("en", 1))))
            m.flags = set()
            msgs.append(m)
        return msgs

    # -- rendering ------------------------------------------------------------
    def render(self, m):
        rng = self.rng
        h = []
        me_addr = self.me.addr
        received = m.when.astimezone(dt.timezone.utc)
        if m.folder not in ("Sent", "Drafts"):
            h.append("Return-Path: <%s>" % m.author.addr)
            h.append("Delivered-To: %s" % me_addr)
            h.append("Received: from mail.%s (mail.%s [198.51.100.%d])\n\tby mx.%s with ESMTPS id %08X\n\tfor <%s>; %s"
                     % (m.author.addr.split("@")[1], m.author.addr.split("@")[1], rng.randint(2, 250), DOMAIN,
                        rng.getrandbits(32), me_addr, email.utils.format_datetime(received)))
        h.append("Date: %s" % email.utils.format_datetime(m.when.astimezone(m.author.tz)))
        h.append("From: %s" % m.author.header)
        h.append("To: %s" % ",\n\t".join(p.header for p in m.to))
        if m.cc:
            h.append("Cc: %s" % ",\n\t".join(p.header for p in m.cc))
        h.append("Subject: %s" % fmt_subject(m.subject, rng))
        h.append("Message-ID: %s" % m.msgid)
        if m.parent is not None:
            h.append("In-Reply-To: %s" % m.parent.msgid)
        if m.refs:
            h.append("References: %s" % "\n\t".join(m.refs))
        if m.list:
            list_id, post = m.list
            local, dom = post.split("@")
            h.append("List-Id: %s" % list_id)
            h.append("List-Post: <mailto:%s>" % post)
            h.append("List-Unsubscribe: <mailto:%s-unsubscribe@%s>,\n\t<https://%s/unsubscribe/%s>"
                     % (local, dom, dom, local))
            h.append("Precedence: list")
        if rng.random() < 0.3:
            h.append("User-Agent: %s" % rng.choice(("Mozilla Thunderbird 115.3", "Mutt/2.2.9", "Evolution 3.46",
                                                     "Apple Mail (2.3731)", "Microsoft Outlook 16.0")))
        h.append("MIME-Version: 1.0")

        body = self.text_part(m.text, m.lang)
        if m.html:
            body = self.multipart("alternative", [body, self.html_part(m)])
        if m.attachments or m.forward_of is not None and rng.random() < 0.4:
            parts = [body]
            for kind, name in m.attachments:
                parts.append(self.attachment(kind, name))
            if m.forward_of is not None and not m.attachments:
                inner = self.render_plain(m.forward_of)
                parts.append(("Content-Type: message/rfc822\nContent-Disposition: attachment;\n"
                              "\tfilename=\"forwarded.eml\"", inner))
            body = self.multipart("mixed", parts)
        headers, payload = body
        return ("\n".join(h) + "\n" + headers + "\n\n" + payload).encode("utf-8")

    def render_plain(self, m):
        headers, payload = self.text_part(m.text, m.lang)
        return ("Date: %s\nFrom: %s\nSubject: %s\nMessage-ID: %s\nMIME-Version: 1.0\n%s\n\n%s"
                % (email.utils.format_datetime(m.when), m.author.header, fmt_subject(m.subject, self.rng), m.msgid,
                   headers, payload))

    def text_part(self, text, lang):
        data = text.encode("utf-8")
        if is_ascii(text):
            return "Content-Type: text/plain; charset=us-ascii; format=flowed\nContent-Transfer-Encoding: 7bit", text
        r = self.rng.random()
        if lang == "ja" and r < 0.5 or r < 0.08:
            return "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64", b64(data)
        if r < 0.3:
            return "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit", text
        if lang in ("de", "fr") and r < 0.45:
            try:
                latin = text.encode("iso-8859-1")
                return ("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable",
                        binascii.b2a_qp(latin).decode("ascii"))
            except UnicodeEncodeError:
                pass
        return ("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable",
                binascii.b2a_qp(data).decode("ascii"))

    def html_part(self, m):
        out = []
        quote = []
        for line in m.text.split("\n"):
            if line.startswith(">"):
                quote.append(escape(line[1:].lstrip()))
                continue
            if quote:
                out.append("<blockquote style=\"border-left:2px solid #ccc;padding-left:8px\">%s</blockquote>"
                           % "<br>".join(quote))
                quote = []
            out.append("<p>%s</p>" % escape(line) if line else "")
        if quote:
            out.append("<blockquote>%s</blockquote>" % "<br>".join(quote))
        extra = ""
        if m.list or m.folder == "Junk":
            # Newsletters load remote images: clients should block them.
            extra = ('<p><img src="https://news.example.org/banner-%d.png" alt="banner" width="600"></p>'
                     '<p style="font-size:11px;color:#888"><a href="https://news.example.org/unsubscribe">'
                     'Unsubscribe</a></p>' % self.rng.randint(1, 50))
        html = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n"
                "<body><div style=\"font-family: Arial, sans-serif; font-size: 14px\">\n%s\n</div>%s</body></html>\n"
                % ("\n".join(o for o in out if o), extra))
        return ("Content-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable",
                binascii.b2a_qp(html.encode("utf-8")).decode("ascii"))

    def attachment(self, kind, name):
        disp, ctname = rfc2231(name)
        if kind == "image/png":
            data = self.rng.choice(self.blobs.png)
        elif kind == "application/pdf":
            data = self.rng.choice(self.blobs.pdf)
        else:
            start = self.end + dt.timedelta(days=self.rng.randint(1, 30))
            ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tributary//gen-mailbox//EN\r\nMETHOD:REQUEST\r\n"
                   "BEGIN:VEVENT\r\nUID:%d@%s\r\nDTSTART:%s\r\nDURATION:PT1H\r\nSUMMARY:Planning meeting\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n" % (self.rng.getrandbits(40), DOMAIN, start.strftime("%Y%m%dT%H%M00Z")))
            data = b64(ics.encode())
            kind = "text/calendar; method=REQUEST; charset=UTF-8"
        return ("Content-Type: %s;\n\t%s\nContent-Disposition: attachment;\n\t%s\nContent-Transfer-Encoding: base64"
                % (kind, ctname, disp), data)

    def multipart(self, sub, parts):
        self.counter += 1
        boundary = "=_tributary_%d_%x" % (self.counter, self.rng.getrandbits(32))
        chunks = []
        for headers, payload in parts:
            chunks.append("--%s\n%s\n\n%s" % (boundary, headers, payload.rstrip("\n")))
        return ('Content-Type: multipart/%s;\n\tboundary="%s"' % (sub, boundary),
                "This is a multi-part message in MIME format.\n\n" + "\n".join(chunks) + "\n--%s--\n" % boundary)


def wrap(text, width=72):
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = (cur + " " + word) if cur else word
    if cur:
        lines.append(cur)
    return lines


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------
# Maildir++ writing

def folder_dir(maildir, public_dir, folder):
    if folder == "INBOX":
        return maildir
    if folder.startswith("Public/"):
        if not public_dir:
            raise SystemExit("--public-dir (or --state-dir) is needed for %s" % folder)
        return os.path.join(public_dir, "." + folder[len("Public/"):].replace("/", "."))
    return os.path.join(maildir, "." + folder.replace("/", "."))


class Writer:
    def __init__(self, owner, seed):
        self.owner = owner
        self.seed = seed
        self.seq = 0
        self.made = set()

    def ensure(self, path, is_subfolder):
        if path in self.made:
            return
        for sub in ("", "cur", "new", "tmp"):
            d = os.path.join(path, sub)
            if not os.path.isdir(d):
                os.makedirs(d, exist_ok=True)
            if self.owner:
                os.chown(d, *self.owner)
        if is_subfolder:
            marker = os.path.join(path, "maildirfolder")
            if not os.path.exists(marker):
                open(marker, "wb").close()
                if self.owner:
                    os.chown(marker, *self.owner)
        self.made.add(path)

    def write(self, path, is_subfolder, data, when, flags, new):
        self.ensure(path, is_subfolder)
        self.seq += 1
        ts = int(when.timestamp())
        # Dovecot's own naming: time, microseconds, "pid", sequence, host, sizes.
        # W= is the size with CRLF line ends, which Dovecot would compute otherwise.
        base = "%d.M%06dP%dQ%d.%s,S=%d,W=%d" % (ts, self.seq % 1000000, self.seed, self.seq, HOST, len(data),
                                                len(data) + data.count(b"\n"))
        # Straight into new/ or cur/, not through tmp/: seeding happens before
        # any client looks, and the rename would cost a fifth of the run time.
        if new:
            final = os.path.join(path, "new", base)
        else:
            final = os.path.join(path, "cur", base + ":2," + "".join(sorted(flags)))
        with open(final, "wb") as f:
            f.write(data)
        os.utime(final, (ts, ts))
        if self.owner:
            os.chown(final, *self.owner)


def default_owner(maildir):
    if os.geteuid() != 0:
        return None
    probe = maildir
    while not os.path.exists(probe):
        probe = os.path.dirname(probe)
    st = os.stat(probe)
    return (st.st_uid, st.st_gid) if st.st_uid != 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--state-dir", help="servers.sh state dir: maildir is DIR/mail/USER/Maildir, public DIR/public")
    ap.add_argument("--user", default="alice", help="local part of the mailbox owner (default alice)")
    ap.add_argument("--maildir", help="the user's Maildir++ root (instead of --state-dir)")
    ap.add_argument("--public-dir", help="root of the public namespace (for Public/Team)")
    ap.add_argument("--me", help="the owner's address (default USER@%s)" % DOMAIN)
    ap.add_argument("--name", help="the owner's display name")
    ap.add_argument("--count", type=int, default=1000, help="messages in INBOX (or in --folder)")
    ap.add_argument("--folder", help="write --count messages into this folder only, nothing else")
    ap.add_argument("--archive", type=int, default=400)
    ap.add_argument("--lists-dev", type=int, default=300)
    ap.add_argument("--lists-announce", type=int, default=60)
    ap.add_argument("--team", type=int, default=200, help="messages in Public/Team (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--end-date", default="2026-11-01",
                    help="newest message: YYYY-MM-DD (18:00 UTC that day) or YYYY-MM-DDTHH:MM (UTC)")
    ap.add_argument("--years", type=float, default=2.0, help="time span of INBOX")
    ap.add_argument("--owner", help="UID:GID of the files (default: owner of the maildir's parent, when root)")
    ap.add_argument("--dovecot-conf", help="subscribe the new folders with doveadm -c CONF")
    args = ap.parse_args()

    if args.state_dir:
        args.maildir = args.maildir or os.path.join(args.state_dir, "mail", args.user, "Maildir")
        args.public_dir = args.public_dir or os.path.join(args.state_dir, "public")
        conf = os.path.join(args.state_dir, "dovecot", "dovecot.conf")
        if not args.dovecot_conf and os.path.exists(conf):
            args.dovecot_conf = conf
    if not args.maildir:
        ap.error("--maildir or --state-dir is required")
    args.me = args.me or "%s@%s" % (args.user, DOMAIN)
    owner = tuple(int(x) for x in args.owner.split(":")) if args.owner else default_owner(args.maildir)
    if owner is None and args.state_dir and os.geteuid() == 0:
        owner = VMAIL_OWNER  # servers.sh's mail uid, also before its first start

    gen = Generator(args)
    if args.folder:
        msgs = gen.inbox_and_sent(args.count, single_folder=args.folder)
    else:
        msgs = gen.inbox_and_sent(args.count)
        msgs += gen.archive(args.archive)
        msgs += gen.mailing_list(args.lists_dev, "dev")
        msgs += gen.mailing_list(args.lists_announce, "announce")
        msgs += gen.small_folders()
        if args.team and args.public_dir:
            msgs += gen.team(args.team)

    os.makedirs(args.maildir, exist_ok=True)
    if owner:
        # The home directory above Maildir too: Dovecot writes there as the user.
        for d in (os.path.dirname(args.maildir), args.maildir):
            os.chown(d, *owner)
    w = Writer(owner, args.seed)
    counts = {}
    for m in msgs:
        path = folder_dir(args.maildir, args.public_dir, m.folder)
        w.write(path, m.folder != "INBOX", gen.render(m), m.when, m.flags, m.new)
        counts[m.folder] = counts.get(m.folder, 0) + 1

    folders = sorted(f for f in counts if f != "INBOX" and not f.startswith("Public/"))
    if args.dovecot_conf and folders:
        # The folders written here would exist but stay unsubscribed.
        cmd = ["doveadm", "-c", args.dovecot_conf, "mailbox", "subscribe", "-u", args.me] + folders
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print("warning: %s: %s" % (" ".join(cmd), r.stderr.strip()), file=sys.stderr)
    print("wrote " + ", ".join("%s: %d" % (f, counts[f]) for f in sorted(counts, key=lambda f: (f != "INBOX", f))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
