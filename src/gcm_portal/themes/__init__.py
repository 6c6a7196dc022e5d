"""The themes a portal can be built with, and what they share.

- ``material``: Material for MkDocs, with gcm-portal's overrides (``gcm_portal/theme/``);
- ``gcm``: gcm-portal's own theme (``themes/gcm/``, registered with MkDocs as ``gcm``):
  no Material, no JavaScript but the search page's, a fraction of Material's weight.

Both get ``themes/shared/``: the templates and files that do not depend on a theme (the
help block, the page's review date and sources, the 404 page, the search script, the
language chooser's style sheet). Everything that knows a theme's class names is here or
in the theme's own folder; the rest of gcm-portal speaks only of languages and strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

MATERIAL = "material"
GCM = "gcm"
SUPPORTED = (MATERIAL, GCM)
"""The themes gcm-portal's templates are written for."""


def shared_dir() -> str:
    """The templates and assets both themes use, layered under the theme's own."""
    return str(resources.files("gcm_portal") / "themes" / "shared")


def gcm_dir() -> str:
    """gcm-portal's own theme (MkDocs finds it by its entry point, ``mkdocs.themes``)."""
    return str(resources.files("gcm_portal") / "themes" / "gcm")


@dataclass(frozen=True)
class FontHooks:
    """Where a theme's markup meets ``fonts.stylesheet``: the language menu while it is
    closed (a served font is not fetched for the names in it), and the elements that hold
    lines of text besides the usual ones (the taller lines of Nastaliq go on them)."""

    closed_menu: str
    text_elements: tuple[str, ...]


FONT_HOOKS = {
    # Material's menu opens on hover and focus; its navigation entries have their own
    # line height.
    MATERIAL: FontHooks(".md-select:not(:hover):not(:focus-within)", (".md-nav__link",)),
    # The gcm theme's menu is a <details>: closed, its list is not rendered at all.
    GCM: FontHooks(".gcm-lang:not([open])", ()),
}


def font_hooks(name: str | None) -> FontHooks:
    """The theme's hooks; an unknown theme (refused by the check) gets Material's."""
    return FONT_HOOKS.get(name or MATERIAL, FONT_HOOKS[MATERIAL])
