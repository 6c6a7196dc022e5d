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


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # MkDocs' pages


def page_dest(src_uri: str, use_directory_urls: bool = True) -> str:
    """Where a file of the docs is written, as MkDocs documents it: a Markdown page
    ``about.md`` as ``about/index.html`` (or ``about.html`` without directory URLs), an
    ``index.md`` or ``README.md`` as its folder's ``index.html``, any other file as it is.

    >>> page_dest("about.md"), page_dest("a/README.md"), page_dest("about.md", False)
    ('about/index.html', 'a/index.html', 'about.html')
    >>> page_dest("img/map.png")
    'img/map.png'
    """
    folder, _, filename = src_uri.rpartition("/")
    stem, dot, suffix = filename.rpartition(".")
    if not dot or f".{suffix.lower()}" not in MARKDOWN_SUFFIXES:
        return src_uri
    name = "index" if stem in ("index", "README") else stem
    parts = [folder] if folder else []
    if use_directory_urls and name != "index":
        return "/".join([*parts, name, "index.html"])
    return "/".join([*parts, f"{name}.html"])
