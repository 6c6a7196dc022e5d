"""Languages of a portal, described from CLDR (via Babel), never from our own tables."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Language:
    """A portal language: its code, its name in its own script, and its direction."""

    code: str
    locale: Locale

    @property
    def autonym(self) -> str:
        """The language's name in its own language, as CLDR writes it.

        >>> Language.parse("ps").autonym, Language.parse("fa-AF").autonym
        ('پښتو', 'دری')
        """
        name = display_name(self.locale, self.locale) or self.code
        return name[:1].upper() + name[1:] if self.locale.language in {"en", "fr", "es"} else name

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, from CLDR's character order.

        >>> Language.parse("ar").direction, Language.parse("ne").direction
        ('rtl', 'ltr')
        """
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def english_name(self) -> str:
        """The language's name in English, for editors and logs.

        >>> Language.parse("fa-AF").english_name(), Language.parse("pt-BR").english_name()
        ('Dari', 'Brazilian Portuguese')
        """
        return self.name_in("en")

    def name_in(self, reader: Locale | str) -> str:
        """The language's name in the reader's language, for text that names it.

        >>> Language.parse("fa-AF").name_in("ps"), Language.parse("en").name_in("bn")
        ('دری (افغانستان)', 'ইংরেজি')
        """
        return display_name(self.locale, reader) or self.code

    @classmethod
    def parse(cls, code: str) -> Language:
        return cls(code, Locale.parse(code, sep="-"))


def display_name(locale: Locale, reader: Locale | str) -> str | None:
    """CLDR's name for ``locale`` in the reader's language, by its own display-name rules.

    CLDR names some whole locale ids: fa_AF is Dari (دری), en_GB British English, zh_Hans
    Simplified Chinese. The longest id that has a name wins (language_script_region, then
    language_script, then language_region, as ICU looks them up); the subtags it leaves are
    added in parentheses. Babel's ``get_display_name`` names the language subtag only.
    Babel does not load CLDR's localeDisplayPattern, so the parentheses and the ", " are
    those ``get_display_name`` uses.

    >>> display_name(Locale.parse("fa_AF"), "en"), display_name(Locale.parse("en_GB"), "en")
    ('Dari', 'British English')
    >>> display_name(Locale.parse("pt_BR"), "pt"), display_name(Locale.parse("ur_IN"), "en")
    ('português (Brasil)', 'Urdu (India)')
    >>> display_name(Locale("zh", "TW", script="Hant"), "en")
    'Traditional Chinese (Taiwan)'
    """
    reader = Locale.parse(reader)
    script, region = locale.script, locale.territory
    # Each candidate: the subtags named with the language, and those left for the parentheses.
    candidates = [((script, region), ()), ((script,), (region,)), ((region,), (script,)),
                  ((), (script, region))]
    for matched, rest in candidates:
        name = reader.languages.get("_".join([locale.language, *matched])) \
            if all(matched) else None
        if name:
            details = [reader.scripts.get(script) if script and script in rest else None,
                       reader.territories.get(region) if region and region in rest else None,
                       reader.variants.get(locale.variant) if locale.variant else None]
            shown = ", ".join(detail for detail in details if detail)
            return f"{name} ({shown})" if shown else name
    return None


def check_code(code: object) -> str | None:
    """Why ``code`` cannot be a portal language, or None when it can: any language CLDR
    knows, written as a BCP 47 tag (language, then script and region if any), which is
    also its folder in the site and its ``lang``.

    >>> check_code("xx")
    "'xx' is not a language CLDR knows; use a BCP 47 tag such as en, ar, fil or sr-Latn"
    >>> check_code("ckb"), check_code("sr-Latn"), check_code("fil")
    (None, None, None)
    >>> check_code("sr_latn")
    "'sr_latn' is written with an underscore; write the BCP 47 tag 'sr-Latn'"
    """
    if not isinstance(code, str) or not code:
        return f"{code!r} is not a language code; use a BCP 47 tag such as en, ar, fil or sr-Latn"
    try:
        locale = Locale.parse(code.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return (f"'{code}' is not a language CLDR knows; use a BCP 47 tag such as en, ar, "
                "fil or sr-Latn")
    tag = "-".join(part for part in (locale.language, locale.script, locale.territory,
                                     locale.variant) if part)
    if "_" in code:
        return f"'{code}' is written with an underscore; write the BCP 47 tag '{tag}'"
    if code != tag:
        return (f"'{code}' ({display_name(locale, 'en')}) is not written as BCP 47 writes it; "
                f"write '{tag}'")
    return None
