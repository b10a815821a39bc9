"""The translation catalogue: extract every translatable string, update messages.po, compile.

`make translations` compiles; `make translations-update` runs all three steps (then translate the
new entries of app/translations/en/LC_MESSAGES/messages.po and run it again to compile). The test
tests/test_translations.py uses the same extraction, so the catalogue and the code cannot drift.

    python scripts/translations.py extract|update|compile
"""
import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
# Babel's defaults (_, gettext, ngettext, N_ …) and the lazy forms the forms and labels use.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None,
            "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
WIDTH = 110


def extract_catalog() -> Catalog:
    """Every translatable string of app/ and templates/, as babel.cfg maps the files."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="lang-son-postal-points", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_files() -> list[Path]:
    """The catalogue of every language (English today)."""
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def update() -> None:
    """Merge the extracted strings into each messages.po (new ones untranslated, gone ones obsolete)."""
    template = extract_catalog()
    for path in po_files():
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, no_fuzzy_matching=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=WIDTH, omit_header=False, ignore_obsolete=True)
        path.write_bytes(buffer.getvalue())
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} to translate")


def compile_all() -> None:
    """Write messages.mo next to each messages.po."""
    for path in po_files():
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        with open(path.with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalog)


def main(argv: list[str]) -> int:
    """Run one step: extract (print the count), update, compile."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("extract", "update", "compile"))
    step = parser.parse_args(argv).step
    if step == "extract":
        print(f"{len(extract_catalog())} translatable strings")
    elif step == "update":
        update()
    else:
        compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
