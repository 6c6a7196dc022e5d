import io
import re
from pathlib import Path

import material
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations

from gcm_portal.adapter import theme
from gcm_portal.i18n import uistrings
from gcm_portal.i18n.msgid_migration import RETIRED
from gcm_portal.model.languages import Language

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OWN_TEMPLATES = Path(theme.own_theme_dir())
# Material's settings that are not text: never given to translators.
NOT_TEXT = ("language", "direction", "search.config.")


def _translations(messages: dict[tuple[str, str | None], str]) -> Translations:
    catalog = Catalog(locale="ar")
    for (msgid, context), text in messages.items():
        catalog.add(msgid, text, context=context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def test_our_catalog_wins_then_material_then_english():
    ar = Language.parse("ar")
    button = uistrings.SEARCH_BUTTON
    ours = _translations({(button.msgid, button.context): "بحث هنا"})
    strings = theme.ui_strings(ar, theme.interface_texts(ar, ours))
    assert strings["search.placeholder"] == "بحث هنا"
    assert strings["search"] == theme.material_strings("ar")["search"]  # same English, not ours
    assert strings["action.skip"] == theme.material_strings("ar")["action.skip"]
    assert strings["direction"] == "rtl"
    ps = Language.parse("ps")
    strings = theme.ui_strings(ps, theme.interface_texts(ps, NullTranslations()))
    assert strings["action.skip"] == "Skip to content"  # Material has no Pashto: English, not blank
    assert strings["direction"] == "rtl" and strings["language"] == "ps"


def _keys_shown() -> set[str]:
    """Every key Material's templates and ours ask ``lang.t`` for, and the names Material's
    blog plugin translates (its archive, categories and authors titles)."""
    keys = {"blog.archive", "blog.categories", "blog.authors"}
    for root in (MATERIAL_TEMPLATES, OWN_TEMPLATES):
        for path in root.rglob("*.html"):
            if "partials/languages" not in path.as_posix():
                keys |= set(re.findall(r"""lang\.t\(\s*["']([a-z0-9._-]+)["']""",
                                       path.read_text(encoding="utf-8")))
    return keys


def test_every_string_a_template_shows_has_an_own_msgid():
    shown = {key for key in _keys_shown() if not key.startswith(NOT_TEXT)}
    assert "search.placeholder" in shown and "header" in shown  # the scan finds them
    assert shown <= set(uistrings.MATERIAL_KEYS), sorted(shown - set(uistrings.MATERIAL_KEYS))
    assert not RETIRED & _keys_shown()  # dropped only because nothing shows them


def test_material_settings_that_are_not_text_are_not_given_to_translators():
    keys = set(uistrings.MATERIAL_KEYS)
    assert not any(key.startswith(NOT_TEXT) for key in keys)
    english = theme.material_strings("en")
    assert {k for k in english if not k.startswith(NOT_TEXT)} == keys | RETIRED


def test_the_msgids_are_the_english_material_shows():
    """So a language Material translates and ours does not still falls back to Material."""
    english = theme.material_strings("en")
    assert {key: s.msgid for key, s in uistrings.MATERIAL_KEYS.items()} == {
        key: english[key] for key in uistrings.MATERIAL_KEYS}


def test_each_msgid_and_context_is_one_string():
    keys = [(s.msgid, s.context) for s in uistrings.STRINGS]
    assert len(keys) == len(set(keys)) == len(uistrings.MATERIAL_KEYS)
    assert all(s.comment for s in uistrings.STRINGS)  # translators are told where it shows
    # Besides the search page's title ("Search", no context): the button, the options.
    assert {c for m, c in keys if m == "Search"} == {uistrings.SEARCH_BUTTON.context,
                                                    "noun: the search box's options"}


def test_only_the_theme_seam_and_the_migration_know_materials_keys():
    src = Path(theme.__file__).parent.parent
    users = sorted(path.name for path in src.rglob("*.py")
                   if "MATERIAL_KEYS" in path.read_text(encoding="utf-8"))
    assert users == ["msgid_migration.py", "theme.py", "uistrings.py"]
