"""Fails when a Russian catalog has an untranslated or fuzzy string, or a stale .mo file.

Usage: python scripts/check_translations.py   (run by .ci/run)
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    problems = []
    catalogs = sorted(
        p for p in ROOT.glob("**/locale/ru/LC_MESSAGES/django.po") if ".venv" not in p.parts
    )
    for po_path in catalogs:
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(ROOT)
        for entry in po.untranslated_entries():
            problems.append(f"{rel}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            problems.append(f"{rel}: fuzzy: {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{rel}: no compiled .mo beside it (run compilemessages)")
            continue
        compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
        for entry in po.translated_entries():
            if entry.msgid_plural:
                continue
            if compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr:
                problems.append(f"{rel}: .mo is stale for {entry.msgid!r} (run compilemessages)")
                break
    for line in problems:
        print(line)
    print(f"{len(catalogs)} catalogs checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
