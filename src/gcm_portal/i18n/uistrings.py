"""The interface strings the theme shows (landmarks, search, the language menu...), under
gcm-portal's own msgids.

By gettext's convention a msgid is the English text; a msgctxt tells strings apart whose
English is the same ("Search" the verb, on the search button, is not the search page's
title) or too short to translate alone ("in", "Draft"). The catalogs know only these.

Material for MkDocs names the same strings by keys of its own ("search.placeholder"), and
gcm-portal's catalogs used those keys as msgctxt until 2026. ``MATERIAL_KEYS`` says which
of Material's keys each string fills: the theme seam (``theme.py``) uses it to feed
Material's templates, and ``msgid_migration`` to read catalogs written with the old keys.
Nothing else should: when the portal leaves Material (end of life in 2027), the strings
and the catalogs stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from gettext import NullTranslations


@dataclass(frozen=True)
class UIString:
    """One interface string: its msgid, its msgctxt (None if the English is enough), and
    a note for translators on where a reader sees it."""

    msgid: str
    context: str | None = None
    comment: str = ""

    def translate(self, translations: NullTranslations) -> str:
        """The translation, or the English when the catalogs have none."""
        if self.context is None:
            return translations.gettext(self.msgid)
        return translations.pgettext(self.context, self.msgid)


_NUMBER = " # stands for the number, 2 or more."

# What gcm-portal's own code asks for by name: the search page and its results.
SEARCH_BUTTON = UIString("Search", "verb: search field and button",
                         "Placeholder of the search field, its button, and the label of the "
                         "search link in the header.")
NO_RESULTS = UIString("No matching documents", None, "Search: no page has the words typed.")
ONE_RESULT = UIString("1 matching document", None, "Search: one page found.")
RESULTS = UIString("# matching documents", None, "Search: the number of pages found." + _NUMBER)

# Material's key: our string. In the order of Material's English file, which is the order
# of the catalogs. Material's "meta.comments" and "meta.source" are left out: none of its
# templates (nor ours) shows them.
MATERIAL_KEYS: dict[str, UIString] = {
    "action.edit": UIString("Edit this page", None,
                            "Link to the page's source, to edit it (when the portal sets "
                            "edit_uri)."),
    "action.skip": UIString("Skip to content", None,
                            "First link of every page, for keyboard and screen reader users."),
    "action.view": UIString("View source of this page", None,
                            "Link to the page's source (when the portal sets edit_uri)."),
    "announce.dismiss": UIString("Don't show this again", None,
                                 "Button that closes the announcement bar."),
    "blog.archive": UIString("Archive", "blog: the posts by date",
                             "Blog: title of the list of posts by month or year."),
    "blog.authors": UIString("Authors", None, "Blog: title of the list of authors."),
    "blog.categories": UIString("Categories", None,
                                "Blog: title of the list of categories."),
    "blog.categories.in": UIString("in", "blog: before a post's categories",
                                   "Blog post: the word before the categories it is filed "
                                   "in, as in \"in Guides\"."),
    "blog.continue": UIString("Continue reading", None,
                              "Blog: link from a post's excerpt to the whole post."),
    "blog.draft": UIString("Draft", "blog: a post not yet published",
                           "Blog: label of a post that is not published yet."),
    "blog.index": UIString("Back to index", None, "Blog post: link back to the list of posts."),
    "blog.meta": UIString("Metadata", None,
                          "Blog post: name of the block with its date, authors and "
                          "categories."),
    "blog.references": UIString("Related links", None,
                                "Blog post: title of the links to related pages."),
    "clipboard.copy": UIString("Copy to clipboard", None,
                               "Button that copies a code block's text."),
    "clipboard.copied": UIString("Copied to clipboard", None,
                                 "Shown once the text has been copied."),
    "consent.accept": UIString("Accept", "cookie consent",
                               "Cookie consent: button that accepts the cookies."),
    "consent.manage": UIString("Manage settings", None,
                               "Cookie consent: button that opens the cookie settings."),
    "consent.reject": UIString("Reject", "cookie consent",
                               "Cookie consent: button that refuses the cookies."),
    "footer": UIString("Footer", None,
                       "Name of the page's footer, read out by screen readers."),
    "footer.next": UIString("Next", "link to the next page",
                            "Footer: above the title of the next page."),
    "footer.previous": UIString("Previous", "link to the previous page",
                                "Footer: above the title of the previous page."),
    "header": UIString("Header", None,
                       "Name of the page's header, read out by screen readers."),
    "nav": UIString("Navigation", None,
                    "Name of the menu of pages, read out by screen readers."),
    "readtime.one": UIString("1 min read", None, "Blog post: its reading time, one minute."),
    "readtime.other": UIString("# min read", None,
                               "Blog post: its reading time in minutes." + _NUMBER),
    "rss.created": UIString("RSS feed", None, "Title of the site's feed of new pages."),
    "rss.updated": UIString("RSS feed of updated content", None,
                            "Title of the site's feed of changed pages."),
    "search": UIString("Search", "noun: the search box's options",
                       "Name of the search box's options (share, clear), read out by "
                       "screen readers."),
    "search.placeholder": SEARCH_BUTTON,
    "search.share": UIString("Share", "search: link to the results",
                             "Search box: button that copies a link to these results."),
    "search.reset": UIString("Clear", "search: empty the field",
                             "Search box: button that empties the search field."),
    "search.result.initializer": UIString("Initializing search", None,
                                          "Shown while the search is loading."),
    "search.result.placeholder": UIString("Type to start searching", None,
                                          "Shown in the results before anything is typed."),
    "search.result.none": NO_RESULTS,
    "search.result.one": ONE_RESULT,
    "search.result.other": RESULTS,
    "search.result.more.one": UIString("1 more on this page", None,
                                       "Search: one more match on the same page."),
    "search.result.more.other": UIString("# more on this page", None,
                                         "Search: more matches on the same page." + _NUMBER),
    "search.result.term.missing": UIString("Missing", "search: a word not in the result",
                                           "Search: before the words typed that a result "
                                           "does not contain."),
    "select.language": UIString("Select language", None,
                                "Label of the menu of the site's languages."),
    "select.version": UIString("Select version", None,
                               "Label of the menu of the site's versions."),
    "source": UIString("Go to repository", None,
                       "Link to the portal's source repository (when it sets repo_url)."),
    "source.file.contributors": UIString("Contributors", None,
                                         "Page: title of the list of its contributors."),
    "source.file.date.created": UIString("Created", "page: the date it was created",
                                         "Page: before the date it was first published."),
    "source.file.date.updated": UIString("Last update", None,
                                         "Page: before the date it last changed."),
    "tabs": UIString("Tabs", None,
                     "Name of the row of tabs under the header, read out by screen readers."),
    "toc": UIString("Table of contents", None, "Title of the list of the page's headings."),
    "top": UIString("Back to top", None, "Button that scrolls back to the top of the page."),
}

STRINGS: tuple[UIString, ...] = tuple(MATERIAL_KEYS.values())
