"""Heading anchors that keep every script.

Python-Markdown's slugify functions drop combining marks, which turns Bengali
"প্রধান" into "পরধন" and Hindi or Nepali words into unreadable stubs. Readers
share links to sections, so anchors keep letters, marks and digits of any script.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s_-]+")


def slugify(value: str, separator: str = "-") -> str:
    """The anchor of a heading.

    >>> slugify("প্রধান কাগজপত্র"), slugify("Health care & school"), slugify("الصحة")
    ('প্রধান-কাগজপত্র', 'health-care-school', 'الصحة')
    """
    value = unicodedata.normalize("NFC", value).lower()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in value)
    return _SEPARATORS.sub(separator, kept).strip(separator)
