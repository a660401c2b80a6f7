"""Refresh, check and fill the interface catalogues (see README, "Translations").

    manage.py catalogues refresh            makemessages for the five catalogues + compilemessages
    manage.py catalogues check              what the source has that the catalogues lack, and
                                            translations that break the glossary (exit 1)
    manage.py catalogues check --glossary-only   only the glossary (no gettext needed)
    manage.py catalogues todo ko -o f.json  the entries of `ko` that still need a translation
    manage.py catalogues apply f.json ...   write translations from such files, then compile

A todo file is a JSON list of {"msgctxt", "msgid", "msgid_plural", "msgstr"}
objects (for a plural entry `msgstr` is a list, one string per plural form of
the language); the translator fills `msgstr` and `apply` writes it back,
clearing the fuzzy flag and msgmerge's `#|` guess of exactly those entries.
"""

import json
import sys

import polib
from django.core.management import BaseCommand, CommandError, call_command

from partnership import catalogues, glossary


class Command(BaseCommand):
    help = "Refresh, check and fill the interface message catalogues."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("refresh", help="makemessages for every catalogue, then compilemessages")
        check = actions.add_parser(
            "check", help="list strings missing from the catalogues or breaking the glossary"
        )
        check.add_argument(
            "--glossary-only",
            action="store_true",
            help="only hold the translations to the glossary (partnership/glossary.py)",
        )
        todo = actions.add_parser("todo", help="export the entries that still need a translation")
        todo.add_argument("lang", choices=catalogues.CATALOGUE_LANGUAGES)
        todo.add_argument("-o", "--output", help="a JSON file (default: standard output)")
        apply = actions.add_parser("apply", help="write translations from todo files")
        apply.add_argument("lang", choices=catalogues.CATALOGUE_LANGUAGES)
        apply.add_argument("files", nargs="+")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_refresh(self, **options):
        call_command(
            "makemessages",
            locale=catalogues.CATALOGUE_LANGUAGES,
            ignore_patterns=catalogues.IGNORED_DIRECTORIES,
            no_obsolete=True,
            verbosity=options["verbosity"],
        )
        self.fix_headers()
        self.drop_guesses_outside_public()
        call_command("compilemessages", ignore_patterns=[".venv"], verbosity=options["verbosity"])

    def fix_headers(self):
        """A new catalogue gets a fuzzy header with placeholders: set it right."""
        for lang in catalogues.CATALOGUE_LANGUAGES:
            path = catalogues.po_path(lang)
            po = polib.pofile(str(path), wrapwidth=79)
            po.metadata_is_fuzzy = False
            po.metadata["Language"] = lang
            po.metadata["Plural-Forms"] = catalogues.PLURAL_FORMS[lang]
            po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            po.save()

    def drop_guesses_outside_public(self):
        """In the public-pages-only catalogues (ko, ja, mn) msgmerge guesses
        translations for strings nobody will review there: empty them, so the
        interface falls back to English instead of showing a wrong guess."""
        for lang in catalogues.CATALOGUE_LANGUAGES:
            if lang in catalogues.COMPLETE_LANGUAGES:
                continue
            path = catalogues.po_path(lang)
            po = polib.pofile(str(path), wrapwidth=79)
            for entry in po:
                if "fuzzy" not in entry.flags or catalogues.is_public_entry(entry):
                    continue
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            po.save()

    def handle_check(self, *, glossary_only=False, **options):
        violations = glossary.glossary_violations()
        for lang, found in violations.items():
            self.stdout.write(f"{lang}: {len(found)} glossary violations")
            for violation in found:
                self.stdout.write(f"    {violation}")
        if glossary_only:
            if violations:
                sys.exit(1)
            self.stdout.write("Every catalogue follows the glossary.")
            return
        if not catalogues.gettext_installed():
            raise CommandError("GNU gettext (xgettext, msgmerge, msguniq) is not installed.")
        missing = catalogues.missing_from_catalogues()
        for lang, msgids in missing.items():
            self.stdout.write(f"{lang}: {len(msgids)} strings lack a translation")
            for msgid in msgids:
                self.stdout.write(f"    {msgid!r}")
        if missing or violations:
            sys.exit(1)
        self.stdout.write("Every catalogue has every string it needs and follows the glossary.")

    def handle_todo(self, *, lang, output=None, **options):
        po = polib.pofile(str(catalogues.po_path(lang)))
        todo = [
            {
                "msgctxt": entry.msgctxt,
                "msgid": entry.msgid,
                "msgid_plural": entry.msgid_plural or None,
                "references": sorted({path for path, _line in entry.occurrences}),
                "msgstr": [""] * catalogues.nplurals(lang) if entry.msgid_plural else "",
            }
            for entry in catalogues.required_entries(po, lang)
            if not catalogues.is_translated(entry, lang)
        ]
        text = json.dumps(todo, ensure_ascii=False, indent=1)
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                stream.write(text)
            self.stderr.write(f"{lang}: {len(todo)} entries to translate, written to {output}")
        else:
            self.stdout.write(text)

    def handle_apply(self, *, lang, files, **options):
        path = catalogues.po_path(lang)
        po = polib.pofile(str(path), wrapwidth=79)
        by_key = {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}
        plural_count = catalogues.nplurals(lang)
        written, unknown = 0, []
        for name in files:
            with open(name, encoding="utf-8") as stream:
                items = json.load(stream)
            for item in items:
                entry = by_key.get((item.get("msgctxt"), item["msgid"]))
                if entry is None:
                    unknown.append(item["msgid"])
                    continue
                msgstr = item["msgstr"]
                if entry.msgid_plural:
                    forms = msgstr if isinstance(msgstr, list) else [msgstr] * plural_count
                    if len(forms) != plural_count or not all(forms):
                        raise CommandError(f"{lang}: wrong plural forms for {item['msgid']!r}")
                    entry.msgstr_plural = dict(enumerate(forms))
                elif not msgstr:
                    continue
                else:
                    entry.msgstr = msgstr
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
                written += 1
        po.save()
        po.save_as_mofile(str(path.with_suffix(".mo")))
        self.stdout.write(f"{lang}: {written} translations written")
        if unknown:
            self.stderr.write(f"{lang}: not in the catalogue (source changed?): {unknown}")
