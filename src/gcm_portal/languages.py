"""Languages of a portal, described from CLDR (via Babel), never from our own tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

# What mkdocs-static-i18n accepts as a language code (its own rule, repeated here so
# that we can refuse an unsupported code with a message that says what to use).
_I18N_CODE = re.compile(r"^[a-z]{2}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")


@dataclass(frozen=True)
class Language:
    """A portal language: its code, its name in its own script, and its direction."""

    code: str
    locale: Locale

    @property
    def autonym(self) -> str:
        """The language's name in its own language, as CLDR writes it.

        >>> Language.parse("ps").autonym
        'پښتو'
        """
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:] if self.locale.language in {"en", "fr", "es"} else name

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, from CLDR's character order.

        >>> Language.parse("ar").direction, Language.parse("ne").direction
        ('rtl', 'ltr')
        """
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def english_name(self) -> str:
        return self.locale.get_display_name("en") or self.code

    @classmethod
    def parse(cls, code: str) -> Language:
        return cls(code, Locale.parse(code, sep="-"))


def check_code(code: object) -> str | None:
    """Why ``code`` cannot be a portal language, or None when it can.

    >>> check_code("xx")
    "'xx' is not a language CLDR knows; use an ISO 639-1 code such as en, ar or ps"
    >>> check_code("ckb")  # doctest: +ELLIPSIS
    "'ckb' (Central Kurdish) has only a three-letter code, which mkdocs-static-i18n cannot..."
    """
    if not isinstance(code, str) or not code:
        return f"{code!r} is not a language code; use an ISO 639-1 code such as en, ar or ps"
    if "_" in code:
        return (f"'{code}' is not written the way mkdocs-static-i18n expects; write it with a "
                f"hyphen, e.g. '{code.replace('_', '-')}'")
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return f"'{code}' is not a language CLDR knows; use an ISO 639-1 code such as en, ar or ps"
    if not _I18N_CODE.match(code):
        name = locale.get_display_name("en")
        if len(locale.language) == 3:
            return (f"'{code}' ({name}) has only a three-letter code, which mkdocs-static-i18n "
                    "cannot use; use a two-letter code with a region where one exists "
                    "(Dari: 'fa-AF'), or ask the maintainers")
        return (f"'{code}' ({name}) is not written the way mkdocs-static-i18n expects; "
                "write it as 'll', 'll-RR' or 'll-Ssss-RR', e.g. 'pt-BR' or 'sr-Latn'")
    return None
