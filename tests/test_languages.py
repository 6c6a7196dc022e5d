import pytest

from gcm_portal.languages import Language, check_code


@pytest.mark.parametrize(("code", "direction"), [
    ("ar", "rtl"), ("ps", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"),
    ("en", "ltr"), ("bn", "ltr"), ("ne", "ltr"), ("ti", "ltr"), ("am", "ltr"),
])
def test_direction_comes_from_cldr(code, direction):
    assert Language.parse(code).direction == direction


def test_autonyms_are_in_their_own_script():
    assert Language.parse("ne").autonym == "नेपाली"
    assert Language.parse("bn").autonym == "বাংলা"
    assert Language.parse("fr").autonym == "Français"


@pytest.mark.parametrize("code", ["en", "fa-AF", "sr-Latn", "pt-BR", "ti"])
def test_codes_mkdocs_static_i18n_accepts(code):
    assert check_code(code) is None


def test_refusals_say_what_to_use_instead():
    assert "three-letter" in check_code("ckb")
    assert "'pt-BR'" in check_code("pt_BR")
    assert "ISO 639-1" in check_code("zz")
