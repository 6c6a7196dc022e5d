"""The generated font stylesheet: stacks per script and per style, and served fonts that
closed language menus do not fetch."""

from gcm_portal.builds import fonts
from gcm_portal.model.languages import Language

ETHIOPIC = fonts.SERVED["Ethi"]


def _css(codes: str, served: bool = True) -> str:
    return fonts.stylesheet([Language.parse(code) for code in codes.split()],
                            [ETHIOPIC] if served else [])


def _rule(css: str, selector: str) -> str:
    return next(line for line in css.splitlines() if line.startswith(selector + " {"))


def test_the_served_font_is_named_for_its_text_but_not_in_the_closed_menu():
    css = _css("en am ti")
    assert _rule(css, ":lang(am)").startswith(':lang(am) { font-family: "gcm Ethiopic", ')
    closed = _rule(css, ".md-select:not(:hover):not(:focus-within) :lang(ti)")
    assert "gcm Ethiopic" not in closed and '"Noto Sans Ethiopic"' in closed
    assert css.count("@font-face") == 1


def test_without_the_font_file_no_rule_names_it():
    css = _css("en am", served=False)
    assert "gcm Ethiopic" not in css and "md-select" not in css


def test_urdu_gets_nastaliq_first_then_the_arabic_stack_and_room_between_lines():
    css = _css("ur fa-AF ps")
    urdu = _rule(css, ":lang(ur)")
    assert urdu.startswith(':lang(ur) { font-family: "Noto Nastaliq Urdu", '
                           '"Jameel Noori Nastaleeq", "Urdu Typesetting", "Noto Naskh Arabic"')
    assert "p:lang(ur), li:lang(ur)," in css and "{ line-height: 2.4; }" in css
    # Dari and Pashto are read in Naskh, at Material's line height.
    assert _rule(css, ":lang(fa-AF)").startswith(':lang(fa-AF) { font-family: "Noto Naskh')
    assert _rule(css, ":lang(ps)").startswith(':lang(ps) { font-family: "Noto Naskh')
    assert "p:lang(fa-AF)" not in css and "p:lang(ps)" not in css


def test_styles_are_chosen_by_language_and_script():
    assert fonts.style_of(Language.parse("ur")) is fonts.NASTALIQ
    assert fonts.style_of(Language.parse("pa-Arab")) is fonts.NASTALIQ
    for code in ("pa", "fa", "fa-AF", "ps", "ar", "ks", "sd"):
        assert fonts.style_of(Language.parse(code)) is None, code
