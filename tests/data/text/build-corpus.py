#!/usr/bin/env python3
"""Builds the correct-text corpus (tests/data/text/correct.tsv) from Debian's translation catalogues.

Reads the compiled catalogues (.mo) of LGPL-2.1+ projects under /usr/share/locale, takes every
translated string, splits it into lines, keeps the lines with a non-ASCII character, and writes
`part<TAB>language<TAB>catalogue<TAB>line`, sorted, at most PER_LANGUAGE lines per language, taken
from its catalogues in turn. The part is `tune` or `held-out`, by a hash of the language: whole
languages are held out, so the held-out figure is on languages the fit never saw.
Run: python3 tests/data/text/build-corpus.py /usr/share/locale > tests/data/text/correct.tsv
"""
import gettext, hashlib, os, sys, unicodedata

CATALOGUES = ["glib20", "gtk20", "gtk20-properties", "gdk-pixbuf", "at-spi2-core",
              "iso_3166-1", "iso_639-2", "iso_15924", "iso_3166-3"]
PER_LANGUAGE = 230
# Lines that read as damaged at their source, found by reading what repair changed; they are not
# correct text and stay out.
DAMAGED_AT_SOURCE = {
    # Welsh "sgrîn" (screen) stored as UTF-8 misread in Windows-1252.
    "Clicwch y dewiswr lliw, yna cliciwch ar liw unrhywle ar eich sgrÃ®n er mwyn dewis y lliw hwnnw.",
}

def lines_of(path):
    with open(path, "rb") as f:
        t = gettext.GNUTranslations(f)
    for msgid, msgstr in t._catalog.items():
        if (isinstance(msgid, str) and msgid == "") or (isinstance(msgid, tuple) and msgid[0] == ""):
            continue
        for line in msgstr.split("\n"):
            line = line.strip().replace("\t", " ")
            if line and any(ord(c) > 127 for c in line) and line not in DAMAGED_AT_SOURCE:
                yield line

def part(lang):
    return "tune" if int(hashlib.sha1(lang.encode()).hexdigest(), 16) % 2 == 0 else "held-out"

def main(root):
    out = set()
    for lang in sorted(os.listdir(root)):
        d = os.path.join(root, lang, "LC_MESSAGES")
        if not os.path.isdir(d) or lang.startswith("en"):
            continue
        per_catalogue = []
        for cat in CATALOGUES:
            p = os.path.join(d, cat + ".mo")
            if not os.path.exists(p):
                continue
            try:
                found = sorted(set(unicodedata.normalize("NFC", l) for l in lines_of(p)))
            except Exception as e:
                print(f"{p}: {e}", file=sys.stderr)
                continue
            # A stable sample: the lines whose hash is smallest.
            found.sort(key=lambda s: hashlib.sha1(s.encode()).hexdigest())
            per_catalogue.append((cat, found))
        taken = 0
        for k in range(max((len(f) for _, f in per_catalogue), default=0)):
            for cat, found in per_catalogue:
                if k < len(found) and taken < PER_LANGUAGE:
                    out.add((part(lang), lang, cat, found[k]))
                    taken += 1
    for row in sorted(out):
        print("\t".join(row))

main(sys.argv[1])
