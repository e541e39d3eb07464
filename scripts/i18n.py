#!/usr/bin/env python3
"""Keep the translation catalog in step with the code.

    python scripts/i18n.py update          extract every _()/N_()/ngettext() string from tui/
                                           into locales/huddle.pot and merge it into the
                                           zh_CN catalog (new entries come in untranslated,
                                           entries gone from the code are dropped)
    python scripts/i18n.py add FILE.json   merge {"English msgid": "中文", ...} into zh_CN
    python scripts/i18n.py missing         list msgids with no (or a fuzzy) translation

The catalog is edited under a file lock, so several people (or helpers) can add
translations at once without losing each other's.
"""

from __future__ import annotations

import ast
import fcntl
import io
import json
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "locales" / "huddle.pot"
PO = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "huddle.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


@contextmanager
def locked():
    PO.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "locales" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def in_fstrings(source: str) -> list[str]:
    """The `_("…")` calls inside f-strings, which babel's extractor does not see (Python
    3.11 tokenizes an f-string as one string token). Found with `ast`, so a `_("…")`
    written in a docstring or a comment is not taken for one."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                    and ((isinstance(call.func, ast.Name) and call.func.id == "_")
                         or (isinstance(call.func, ast.Attribute) and call.func.attr == "_"))):
                found.append(call.args[0].value)
    return found


def extract() -> Catalog:
    template = Catalog(project="huddle", version="0.1", charset="utf-8", fuzzy=False,
                       creation_date=datetime(2026, 1, 1))
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "tui"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        template.add(message, None, [(f"tui/{filename}", lineno)], auto_comments=comments, context=context)
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for text in in_fstrings(path.read_text(encoding="utf-8")):
            if text not in template:
                template.add(text, None, [(str(path.relative_to(ROOT)), 0)])
    return template


def load_po() -> Catalog:
    if PO.exists():
        with PO.open("rb") as handle:
            return read_po(handle, locale="zh_CN")
    catalog = Catalog(locale="zh_CN", project="huddle", version="0.1", charset="utf-8", fuzzy=False)
    return catalog


def save(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, no_location=True, omit_header=False, include_previous=False)
    path.write_bytes(buffer.getvalue())


def update() -> None:
    with locked():
        template = extract()
        save(template, POT)
        catalog = load_po()
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.revision_date = datetime(2026, 1, 1)
        save(catalog, PO)
    print(f"{len(template)} messages; {len(missing())} untranslated")


def add(path: str) -> None:
    pairs = json.loads(Path(path).read_text(encoding="utf-8"))
    with locked():
        catalog = load_po()
        for msgid, msgstr in pairs.items():
            if isinstance(msgstr, list):  # plural forms
                msgid_key = msgid
                message = catalog.get(msgid_key)
                if message is None:
                    raise SystemExit(f"not in catalog (run update first): {msgid!r}")
                message.string = tuple(msgstr)
                message.flags.discard("fuzzy")
                continue
            message = catalog.get(msgid)
            if message is None:
                catalog.add(msgid, msgstr)
            else:
                message.string = msgstr
                message.flags.discard("fuzzy")
        save(catalog, PO)
    print(f"merged {len(pairs)} translations")


def missing() -> list[str]:
    catalog = load_po()
    gaps = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "add":
        add(sys.argv[2])
    elif command == "missing":
        for msgid in missing():
            print(json.dumps(msgid, ensure_ascii=False))
    else:
        raise SystemExit(__doc__)
