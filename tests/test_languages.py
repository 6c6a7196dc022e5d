import pytest

from gcm_portal.model.languages import Language, check_code


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


@pytest.mark.parametrize("code", ["en", "fa-AF", "sr-Latn", "pt-BR", "ti", "fil", "ckb",
                                  "rhg", "zh-Hant-TW"])
def test_every_language_cldr_knows_is_accepted(code):
    assert check_code(code) is None


def test_refusals_say_what_to_use_instead():
    assert "'pt-BR'" in check_code("pt_BR")
    assert "'sr-Latn'" in check_code("sr-latn")
    assert "'ckb'" in check_code("CKB")
    assert "BCP 47 tag such as" in check_code("zz")


@pytest.mark.parametrize(("code", "direction", "autonym"), [
    ("ckb", "rtl", "کوردیی ناوەندی"), ("fil", "ltr", "Filipino"),
    ("sr-Latn", "ltr", "srpski (latinica)"),
])
def test_three_letter_and_script_tags_are_described_by_cldr(code, direction, autonym):
    language = Language.parse(code)
    assert (language.direction, language.autonym) == (direction, autonym)


@pytest.mark.parametrize(("code", "autonym", "english"), [
    # CLDR names these whole locale ids; its display-name rules use that name.
    ("fa-AF", "دری", "Dari"),
    ("en-GB", "British English", "British English"),
    ("zh-Hant-TW", "繁體中文 (台灣)", "Traditional Chinese (Taiwan)"),
    # No name for the whole id in the language itself: language (region).
    ("pt-BR", "português (Brasil)", "Brazilian Portuguese"),
    ("sr-Latn", "srpski (latinica)", "Serbian (Latin)"),
    # Plain languages keep their names.
    ("ar", "العربية", "Arabic"), ("bn", "বাংলা", "Bangla"), ("ps", "پښتو", "Pashto"),
    ("ur", "اردو", "Urdu"), ("ti", "ትግርኛ", "Tigrinya"),
])
def test_names_follow_cldr_display_name_rules(code, autonym, english):
    language = Language.parse(code)
    assert (language.autonym, language.english_name()) == (autonym, english)


def test_names_in_another_language_use_its_own_name_for_the_locale():
    dari = Language.parse("fa-AF")
    assert dari.name_in("ur") == "دری"
    assert dari.name_in("ps") == "دری (افغانستان)"  # what CLDR's Pashto writes
    assert Language.parse("en").name_in("fa_AF") == "انگلیسی"
