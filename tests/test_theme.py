from gcm_portal.adapter import theme
from gcm_portal.model.languages import Language


def test_our_catalog_wins_then_material_then_english():
    ar = Language.parse("ar")
    strings = theme.ui_strings(ar, lambda key, english: "بحث هنا" if key ==
                               "search.placeholder" else english)
    assert strings["search.placeholder"] == "بحث هنا"
    assert strings["action.skip"] == theme.material_strings("ar")["action.skip"]
    assert strings["direction"] == "rtl"
    ps = theme.ui_strings(Language.parse("ps"), lambda key, english: english)
    assert ps["action.skip"] == "Skip to content"  # Material has no Pashto: English, not blank
    assert ps["direction"] == "rtl" and ps["language"] == "ps"


def test_search_settings_are_not_given_to_translators():
    keys = theme.interface_keys()
    assert "search.placeholder" in keys
    assert not any(key.startswith("search.config.") for key in keys)
    assert "direction" not in keys
