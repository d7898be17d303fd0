#!/usr/bin/env python3
"""Lists the message ids the code uses, and checks catalogs against them.

  msgids.py list                 every id used by templates/ and src/
  msgids.py check LANG...        exit 1 if a used id is missing from po/LANG.po
                                 (fuzzy entries count as missing)

Ids are found as {{t id}} in templates and as N_("id") in C sources."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ID = r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+"


def used_ids() -> set[str]:
    ids: set[str] = set()
    for path in (ROOT / "templates").glob("*.html"):
        ids.update(re.findall(r"\{\{\s*t\s+(" + ID + r")\s*\}\}", path.read_text("utf-8")))
    for path in (ROOT / "src").rglob("*.[ch]"):
        ids.update(re.findall(r'N_\(\s*"(' + ID + r')"\s*\)', path.read_text("utf-8")))
    ids.add("language.native_name")
    return ids


def catalog(lang: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    text = (ROOT / "po" / f"{lang}.po").read_text("utf-8")
    for block in re.split(r"\n\s*\n", text):
        if re.search(r"^#,.*\bfuzzy\b", block, re.M):
            continue
        mid = re.search(r'^msgid\s+((?:"(?:[^"\\]|\\.)*"\s*)+)', block, re.M)
        mstr = re.search(r'^msgstr\s+((?:"(?:[^"\\]|\\.)*"\s*)+)', block, re.M)
        if not mid or not mstr:
            continue
        join = lambda s: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
        if join(mid.group(1)) and join(mstr.group(1)):
            entries[join(mid.group(1))] = join(mstr.group(1))
    return entries


def main() -> int:
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        print("\n".join(sorted(used_ids())))
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        ids = used_ids()
        failed = 0
        for lang in sys.argv[2:]:
            missing = sorted(ids - catalog(lang).keys())
            for m in missing:
                print(f"po/{lang}.po: missing {m}")
            print(f"catalog {lang}: {'ok' if not missing else f'{len(missing)} missing'} "
                  f"({len(ids) - len(missing)}/{len(ids)})")
            failed += bool(missing)
        return 1 if failed else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
