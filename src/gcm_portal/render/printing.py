"""What a printed page needs that a screen does not: a way back to the page online.

Information centres print pages and hand them out. Each printed page carries
a QR code of its address, so a reader with a phone can find the current
version later. The code is inline SVG, hidden on screen by the stylesheet.
"""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code for ``url``, about 2 KB before compression."""
    buffer = io.BytesIO()
    # A fixed mask: choosing the best of eight took most of a page's build time; any mask
    # gives a valid code that phones read.
    segno.make(url, error="m", micro=False, mask=0).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, border=2, scale=1,
        omitsize=True, svgclass="gcm-qr__code", lineclass=None, title=title)  # segno escapes
    return Markup(buffer.getvalue().decode("utf-8"))
