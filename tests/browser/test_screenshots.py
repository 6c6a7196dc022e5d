"""Screenshots of the key pages in English, Arabic and Pashto, on a phone and a desktop.

They are written to tests/screenshots/ (not committed) for people to look at. With
GCM_README_SCREENSHOTS=1 the few shown in the README are also written, reduced, to
docs/screenshots/ (committed); the last test checks those stay small and shown.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from browser_checks import without_transitions
from portal_pages import TEMPLATE_BY_NAME, VIEWPORTS, path_of

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "screenshots"
MAX_README_IMAGE = 60 * 1024
# name -> how much to scale it down for the README
README = {"en-home-desktop": 0.625, "ar-country-mobile": 1.0, "ps-home-mobile": 1.0}
RTL = {"ar", "ps"}


def optimise(png: bytes, scale: float) -> bytes:
    """A small PNG for the README: scaled, 64 colours, no dithering (text stays crisp)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if scale != 1.0:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT,
                           dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ["home", "country"])
@pytest.mark.parametrize("lang", ["en", "ar", "ps"])
def test_screenshots_of_key_pages(visit, demo_site, screenshot, lang, name, viewport):
    from PIL import Image

    page = visit.open(path_of(demo_site, lang, TEMPLATE_BY_NAME[name]), viewport)
    without_transitions(page)
    # Right-to-left languages are laid out from the right: the title starts at the right.
    h1 = page.locator(".md-content h1").first.bounding_box()
    width = VIEWPORTS[viewport]["width"]
    if lang in RTL:
        assert h1["x"] + h1["width"] > width / 2, "the title is not on the right"
    else:
        assert h1["x"] < width / 2, "the title is not on the left"
    shot = f"{lang}-{name}-{viewport}"
    path = screenshot(page, shot)
    image = Image.open(path)
    assert image.size == (width, VIEWPORTS[viewport]["height"])
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 16, \
        "the screenshot is (nearly) blank"
    if shot in README and os.environ.get("GCM_README_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / f"{shot}.png").write_bytes(optimise(path.read_bytes(), README[shot]))


def test_readme_shows_small_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", readme)
    assert sorted(shown) == sorted(f"docs/screenshots/{name}.png" for name in README)
    assert readme.index("## What it looks like") > readme.index("## Quick start")
    for image in shown:
        size = (ROOT / image).stat().st_size
        assert size < MAX_README_IMAGE, f"{image} is {size // 1024} KB; regenerate it with " \
            "GCM_README_SCREENSHOTS=1 (see tests/browser/test_screenshots.py)"
