"""Plain-language hints, in the scripts of the demo's languages."""

from sites import lint, page

from gcm_portal.checks.readability import check_page

LONG_EN = "Word " + " ".join(["word"] * 25) + "."
HINT = "split it into sentences of at most 25 words"


def test_long_sentences_in_four_scripts(tmp_path, monkeypatch):
    arabic = " ".join(["كلمة"] * 26) + "؟ " + " ".join(["كلمة"] * 25) + "."
    nepali = " ".join(["शब्द"] * 10) + "। " + " ".join(["शब्द"] * 30) + "।"
    bengali = " ".join(["শব্দ"] * 27) + "।"
    files = {"a.md": page(f"Short one. {LONG_EN}\n\n- {LONG_EN}\n\n## A heading\n"),
             "a.ar.md": page(arabic + "\n"), "a.ne.md": page(nepali + "\n"),
             "a.bn.md": page("Intro.\n\n" + bengali + "\n")}
    assert lint(tmp_path, monkeypatch, files) == [
        f"a.ar.md:6: warning: long sentence (26 words): '{' '.join(['كلمة'] * 8)}…'; {HINT}",
        f"a.bn.md:8: warning: long sentence (27 words): '{' '.join(['শব্দ'] * 8)}…'; {HINT}",
        f"a.md:6: warning: long sentence (26 words): 'Word {' '.join(['word'] * 7)}…'; {HINT}",
        f"a.md:8: warning: long sentence (26 words): 'Word {' '.join(['word'] * 7)}…'; {HINT}",
        f"a.ne.md:6: warning: long sentence (30 words): '{' '.join(['शब्द'] * 8)}…'; {HINT}",
    ]


def test_sentence_starting_on_a_later_line_of_a_paragraph():
    text = page("First line of text.\nSecond line starts " + " ".join(["now"] * 30) + ".\n")
    assert [str(p) for p in check_page("p.md", text, 5, "fr")] == [
        f"p.md:7: warning: long sentence (33 words): 'Second line starts now now now now "
        f"now…'; {HINT}"]


def test_hard_english_gets_a_reading_ease_warning_other_languages_none():
    hard = ("Administrative authorities determine eligibility considering documentation "
            "requirements. ") * 15
    text = page(hard + "\n")
    assert [str(p) for p in check_page("p.md", text, 5, "en")] == [
        "p.md:5: warning: hard to read: Flesch reading ease -175, below 60; use shorter "
        "sentences and everyday words"]
    assert check_page("p.md", text, 5, "fr") == []
    assert check_page("p.md", page("Administrative authorities decide.\n"), 5, "en") == []
