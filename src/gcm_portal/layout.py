"""Where each language lives in the built site.

Every language, the default one included, has its own folder (``en/``,
``ps/``...), and the site root is a language chooser: nobody is redirected
into a language they did not choose. With fallback to the default language,
every page exists in every language at the same path, so the address of a
page in another language is found without looking anything up.
"""

from __future__ import annotations


def localize_url(url: str, code: str) -> str:
    """The address of a language-less page URL inside a language's folder.

    >>> localize_url("./", "ps"), localize_url("about/", "ps")
    ('ps/', 'ps/about/')
    """
    return f"{code}/" if url in ("", ".", "./") else f"{code}/{url}"


def language_free_url(url: str, code: str) -> str:
    """The inverse of ``localize_url``.

    >>> language_free_url("ps/about/", "ps"), language_free_url("ps/", "ps")
    ('about/', './')
    """
    rest = url[len(code) + 1:] if url.startswith(f"{code}/") else url
    return rest or "./"
