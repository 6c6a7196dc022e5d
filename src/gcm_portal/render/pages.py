"""Country pages, rendered per language from Jinja templates that ``overrides/`` can replace.

For each country the portal gets an overview page and one page per content
module, so a reader on a slow link downloads only the part they need::

    countries/index.md            the list of countries
    countries/<cc>/index.md       emergency numbers, helplines, embassies
    countries/<cc>/<module>.md    the facts for one module (pathways, documents...)
    countries/<cc>/procedures/<id>.md    one procedure, step by step
    countries/<cc>/local-services.md  offices by city and type, with opening hours
    countries/<cc>/recruiters.md  the register of licensed recruitment agencies
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel import Locale
from babel.lists import format_list
from markupsafe import Markup

from gcm_portal.checks.sanitize import markdown_text
from gcm_portal.i18n.catalogs import LanguageCatalogs
from gcm_portal.model.countries import Country
from gcm_portal.model.languages import Language
from gcm_portal.render import formats, hours, procedures


def N_(message: str) -> str:
    """Mark a string for extraction into portal.pot; it is translated where shown."""
    return message


@dataclass(frozen=True)
class Module:
    """A content module: one objective of the compact, one folder of pages."""

    slug: str
    objective: int
    country_title: str
    sections: tuple[str, ...]


MODULES = (
    Module("pathways", 3, N_("%(country)s: visas, permits and living costs"),
           ("visas", "living_costs")),
    Module("documents", 4, N_("%(country)s: identity and civil documents"), ("documents",)),
    Module("services", 15, N_("%(country)s: health, school, housing and social protection"),
           ("services",)),
    Module("return", 21, N_("%(country)s: return and reintegration"), ("return",)),
)
MODULE_BY_SLUG = {m.slug: m for m in MODULES}
OVERVIEW_TITLE = N_("%(country)s: emergency numbers, helplines and embassies")
HANDOUT_TITLE = N_("%(country)s: the essentials on one page")
HANDOUT_SECTIONS = ("helplines", "visas", "documents", "return")
OVERVIEW_SECTIONS = ("helplines", "embassies")
LOCAL_SERVICES_PAGE = "local-services"
LOCAL_SERVICES_TITLE = N_("%(country)s: local services and their opening hours")
LOCAL_SERVICE_TYPES = {
    "information_centre": N_("Information centres"),
    "one_stop_shop": N_("One-stop shops"),
    "health": N_("Health care"),
    "legal_aid": N_("Legal aid"),
    "shelter": N_("Shelters"),
    "education": N_("School and education"),
    "language_course": N_("Language courses"),
    "complaints": N_("Where to complain"),
}
COUNTRIES_TITLE = N_("Countries")
SEARCH_TITLE = N_("Search")
RECRUITERS = "recruiters"
RECRUITERS_TITLE = N_("%(country)s: licensed recruitment agencies")
RECRUITER_STATUS = {
    "licensed": N_("Licensed"),
    "suspended": N_("Suspended: may not recruit for now"),
    "revoked": N_("Revoked: may not recruit"),
}
EMERGENCY = {
    "general": N_("Emergency (all services)"),
    "police": N_("Police"),
    "ambulance": N_("Ambulance"),
    "fire": N_("Fire brigade"),
}
DAYS = N_("%(range)s days")
PER = {"month": N_("per month"), "week": N_("per week"), "day": N_("per day"), "once": ""}
PROCEDURE_TITLE = N_("%(country)s: %(procedure)s")
FREE = N_("Free")
SERVICES = (
    ("health", N_("Health care")),
    ("education", N_("School and education")),
    ("housing", N_("Housing")),
    ("social_protection", N_("Social protection")),
)


def countries_index_uri() -> str:
    return "countries/index.md"


def country_uri(code: str, page: str = "index") -> str:
    return f"countries/{code.lower()}/{page}.md"


def procedure_uri(code: str, ident: str) -> str:
    """
    >>> procedure_uri("DE", "recognition-of-qualification")
    'countries/de/procedures/recognition-of-qualification.md'
    """
    return country_uri(code, f"procedures/{ident}")


def procedure_uris(countries: Iterable[Country]) -> set[str]:
    """The procedure pages of these countries: named by their data, not by their codes."""
    return {procedure_uri(c.code, p["id"]) for c in countries for p in procedures.of_module(c.data)}


def generated_uris(codes: list[str], countries: Iterable[Country] = ()) -> set[str]:
    """Every page the generator adds, so links to them can be checked before a build; the
    procedure pages of ``countries``, whose data names them."""
    uris = {countries_index_uri()}
    for code in codes:
        uris.add(country_uri(code))
        uris.update(country_uri(code, m.slug) for m in MODULES)
        uris.add(country_uri(code, "handout"))
        uris.add(country_uri(code, LOCAL_SERVICES_PAGE))
        uris.add(country_uri(code, RECRUITERS))
    return uris | procedure_uris(countries)


# The list of countries shows the oldest review of the helplines.
_LISTED = frozenset({"helplines"})


def _pages_showing(key: str) -> set[str] | None:
    """Which of a country's pages show this top-level key of its data file; None for a
    key not known to show on some pages only (``sample``, ``currency``, a new section):
    it may show on every page of the country and on the pages that list countries."""
    shown = {m.slug for m in MODULES if key in m.sections}
    shown |= {"handout"} if key in HANDOUT_SECTIONS else set()
    shown |= {"index"} if key in OVERVIEW_SECTIONS else set()
    return shown or None


def data_pages(changes: Mapping[str, Collection[str] | None],
               countries: Iterable[Country] = ()) -> set[str]:
    """The pages that show what changed in countries' data: for each country code, the
    top-level keys of its data file that changed (None: maybe any). ``countries`` (their
    data as it is now) name their procedure pages. The list of countries and the module
    pages link to each country with its sample flag."""
    every = ["index", "handout", LOCAL_SERVICES_PAGE, RECRUITERS, *(m.slug for m in MODULES)]
    uris: set[str] = set()
    listing = False
    by_code = {country.code: country for country in countries}
    for code, keys in changes.items():
        for key in [None] if keys is None else keys:
            shown = _pages_showing(key) if key is not None else None
            uris.update(country_uri(code, page) for page in shown or every)
            listing = listing or shown is None or key in _LISTED
            if shown is None and code in by_code:  # procedures, or maybe any key
                uris |= procedure_uris([by_code[code]])
    if listing:
        uris.add(countries_index_uri())
        uris.update(f"{module.slug}/index.md" for module in MODULES)
    return uris


def relative_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one source file to another.

    >>> relative_link("pathways/index.md", "countries/de/pathways.md")
    '../countries/de/pathways.md'
    """
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def make_environment(overrides_dir: Path | None) -> jinja2.Environment:
    """Templates from the portal's ``overrides/gcm_portal/`` first, then ours."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides_dir is not None and (overrides_dir / "gcm_portal").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(overrides_dir / "gcm_portal")))
    loaders.append(jinja2.FileSystemLoader(str(resources.files("gcm_portal") / "templates")))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        # Every value a template prints is plain text (data, translations, names): escaped
        # for HTML and for Markdown, so no data text or translation becomes a link, an
        # attribute list or markup. Values the templates build themselves are Markup.
        finalize=markdown_text,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def ltr(text: str) -> Markup:
    """Keep a left-to-right run (number, address, URL) in order inside right-to-left text."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(markdown_text(text))


def link(text: str, url: str) -> Markup:
    """A link built by gcm-portal; its text (data or a translation) stays plain text.

    >>> print(link("[x](javascript:y)", "https://example.org/a?b=1&c=2"))
    <a href="https://example.org/a?b=1&amp;c=2">&#91;x&#93;(javascript:y)</a>
    """
    return Markup('<a href="{}">{}</a>').format(url, markdown_text(text))


def filters(language: Language, catalogs: LanguageCatalogs,
            data_language: Language) -> dict[str, Callable[..., Any]]:
    """The formatting a template needs, bound to one language. Country data is written in
    ``data_language`` (the portal's default): a text not translated yet is marked so."""
    locale = language.locale
    translate = marked_gettext(catalogs, "countries", markdown_text, language, data_language)

    def phone(value: str) -> Markup:
        target = "tel:" + value.replace(" ", "")
        return Markup('<a href="{}">{}</a>').format(target, ltr(value))

    def email(value: str) -> Markup:
        return Markup('<a href="mailto:{0}">{1}</a>').format(value, ltr(value))

    def weblink(value: str) -> Markup:
        shown = value.split("://", 1)[-1].rstrip("/")
        return Markup('<a href="{0}">{1}</a>').format(value, ltr(shown))

    def source(value: dict[str, Any]) -> Markup:
        return link(value["title"], value["url"])

    def money(value: dict[str, Any]) -> Markup:
        # Isolated, so the symbol and digits keep their order in either direction.
        direction, text = formats.without_marks(
            formats.money(value["amount"], value["currency"], locale))
        if direction is None:
            return Markup("<bdi>{}</bdi>").format(text)
        return Markup('<bdi dir="{}">{}</bdi>').format(direction, text)

    def listed(items: list[Any]) -> Markup:
        """Items joined as the language joins a list ("a, b and c", "a، b و c")."""
        slots = {chr(0xE000 + i): item for i, item in enumerate(items)}  # private use
        out, text = Markup(), ""
        for char in format_list(list(slots), locale=locale) if items else "":
            if char in slots:
                out += markdown_text(text) + slots[char]
                text = ""
            else:
                text += char
        return out + markdown_text(text)

    def language_names(codes: list[str]) -> str:
        # CLDR names regions' variants too: fa-AF is "Dari", not "Persian" (Language.name_in).
        names = [Language.parse(code).name_in(locale) for code in codes]
        return format_list(names, locale=locale)

    def fee(value: dict[str, Any]) -> Markup:
        """A procedure step's fee, or its total: "Free" when it is 0."""
        if value["amount"] == 0:
            return marked_gettext(catalogs, "portal", markdown_text, language)(FREE)
        return money(value)

    return {
        "t": translate,
        "fee": fee,
        "date": lambda value: formats.date(value, locale),
        "money": money,
        "phone": phone,
        "email": email,
        "weblink": weblink,
        "source": source,
        "language_names": language_names,
        "listed": listed,
        "ltr": ltr,
        **hours.filters(locale),
    }


def bind(env: jinja2.Environment, language: Language, catalogs: LanguageCatalogs,
         data_language: Language) -> None:
    env.filters.update(filters(language, catalogs, data_language))
    install_gettext(env, catalogs, markdown_text, language)


# The language gcm-portal's own msgids are written in.
SOURCE_LANGUAGE = Language.parse("en")


UNTRANSLATED = "gcm-untranslated"  # the class of an interface string shown untranslated
# A range of numbers or times, in any script's digits: "9:00–17:00", "15–60", "۱۵–۶۰".
_RANGE = re.compile(r"\d[\d:.,]*\s?[–-]\s?\d[\d:.,]*")


def whole_ranges(text: str, escape: Callable[[str], Markup]) -> Markup:
    """``text`` escaped, its ranges of numbers and times kept on one line (gcm.css
    ``.gcm-nowrap``): a reader on a narrow screen would see "9:00–" at a line's end and the
    rest below. Markup, not a word joiner: a copied number holds only its digits.

    >>> whole_ranges("Mon–Fri, 9:00–17:00", Markup.escape)
    Markup('Mon–Fri, <span class="gcm-nowrap">9:00–17:00</span>')
    """
    out, last = Markup(), 0
    for found in _RANGE.finditer(text):
        out += escape(text[last:found.start()])
        out += Markup('<span class="gcm-nowrap">{}</span>').format(escape(found.group(0)))
        last = found.end()
    return out + escape(text[last:])


def in_language(text: Markup, language: Language, css_class: str | None = None) -> Markup:
    """Text marked with the language it is really in, isolated from the text around it."""
    marked_class = Markup(' class="{}"').format(css_class) if css_class else Markup()
    return Markup('<span lang="{}" dir="{}"{}>{}</span>').format(
        language.code, language.direction, marked_class, text)


def marked_gettext(catalogs: LanguageCatalogs, domain: str, escape: Callable[[str], Markup],
                   language: Language, source: Language = SOURCE_LANGUAGE
                   ) -> Callable[..., Markup]:
    """Templates' ``_m()``: ``_()`` for text between tags, where a message the catalog does
    not translate into the page's language is marked as the source language it is shown
    in, so that a screen reader does not read English with an Amharic voice and a full
    stop does not jump to the other end of a right-to-left line. Never for attribute
    values: there, ``_()``.

    An interface string (domain ``portal``) shown untranslated also gets the class
    ``UNTRANSLATED``: a line it starts reads in its direction (gcm-a11y.css), so that
    "Phone: +00 0000 0100" keeps its order on a right-to-left page."""
    css_class = UNTRANSLATED if domain == "portal" else None
    translations = getattr(catalogs, domain)
    known = catalogs.translated.get(domain)
    same = language.locale.language == source.locale.language

    def gettext(message: str, **variables: Any) -> Markup:
        translated = translations.gettext(message)
        text = whole_ranges(translated % variables if variables else translated, escape)
        missing = message not in known if known is not None else translated == message
        return in_language(text, source, css_class) if missing and not same else text

    return gettext


def gettext_callables(catalogs: LanguageCatalogs, escape: Callable[[str], Markup],
                      language: Language) -> dict[str, Callable[..., Markup]]:
    """Templates' ``_()``, ``_m()`` and Jinja's gettext names for one language, with each
    translation escaped as the template's output needs. As Jinja's "new style" gettext,
    they fill in their own ``%(name)s`` variables.

    Jinja's own gettext marks a translation as safe markup; a translator's ``<script>``
    would reach every page. Interface msgids hold no markup, so neither may their
    translations: they are text, escaped like any other. Given to templates in a page's
    context (every language's pages are rendered by one environment) or as globals."""
    translations = catalogs.portal

    def gettext(message: str, **variables: Any) -> Markup:
        return escape(translations.gettext(message)) % variables

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return escape(translations.ngettext(singular, plural, num)) % variables

    def pgettext(context: str, message: str, **variables: Any) -> Markup:
        return escape(translations.pgettext(context, message)) % variables

    def npgettext(context: str, singular: str, plural: str, num: int,
                  **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return escape(translations.npgettext(context, singular, plural, num)) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
            "npgettext": npgettext, "_m": marked_gettext(catalogs, "portal", escape, language)}


def install_gettext(env: jinja2.Environment, catalogs: LanguageCatalogs,
                    escape: Callable[[str], Markup], language: Language) -> None:
    """``gettext_callables`` as an environment's globals, for ``{% trans %}`` too."""
    env.globals.update(gettext_callables(catalogs, escape, language))
    env.newstyle_gettext = True  # type: ignore[attr-defined]


# libyaml's emitter when PyYAML has it (its wheels do): the pure-Python one took a third
# of the time of a country's pages.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(meta: dict[str, Any], body: str) -> str:
    dumped = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n{body.strip()}\n"


def _oldest_review(data: dict[str, Any], sections: tuple[str, ...]) -> str:
    return min(data[s]["reviewed"] for s in sections)


def agencies(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The register's agencies in the order a reader scans a list: by name, then licence.

    >>> [a["licence"] for a in agencies({"recruiters": {"items": [
    ...     {"name": "b", "licence": "2"}, {"name": "A", "licence": "1"}]}})]
    ['1', '2']
    """
    items = data.get(RECRUITERS, {}).get("items", [])
    return sorted(items, key=lambda a: (a["name"].casefold(), a["licence"].casefold()))


def _recruiters_page(env: jinja2.Environment, country: Country, common: dict[str, Any],
                     title: str, gettext: Callable[[str], str]) -> str:
    """The register as a plain sorted list (the page's filter script only hides entries),
    and what a licence proves, the warning signs and where to report (Objective 6)."""
    section = country.data.get(RECRUITERS)
    meta: dict[str, Any] = {"title": title, "country": country.code, "gcm_filter": True}
    if section:
        meta["reviewed"] = section["reviewed"]
        meta["sources"] = _sources(country.data, (RECRUITERS,))
    uri = country_uri(country.code, RECRUITERS)
    body = env.get_template("country/recruiters.md.j2").render(
        common, register=section, agencies=agencies(country.data),
        status_label=lambda status: gettext(RECRUITER_STATUS[status]),
        overview_title=gettext(OVERVIEW_TITLE) % {"country": common["country_name"]},
        overview_link=Markup(relative_link(uri, country_uri(country.code))))
    return front_matter(meta, body)


def _sources(data: dict[str, Any], sections: tuple[str, ...]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for section in sections:
        for source in data[section]["sources"]:
            seen.setdefault(source["url"], source)
    return list(seen.values())


def render_country(env: jinja2.Environment, country: Country, language: Language,
                   gettext: Callable[[str], str],
                   data_gettext: Callable[[str], str] = str,
                   only: Collection[str] | None = None) -> dict[str, str]:
    """All of one country's pages in one language, as Markdown with front matter; the
    country data's texts that front matter holds (a procedure's title) translated by
    ``data_gettext``. With ``only``, those of these pages (an incremental build renders
    no other)."""
    name = country.name(language.locale)
    locale: Locale = language.locale
    common = {
        "country": country.data,
        "data": country.data,
        "country_name": name,
        "emergency_label": lambda service: gettext(EMERGENCY[service]),
        "per_label": lambda per: gettext(PER[per]) if PER[per] else "",
        "days": lambda low, high: whole_ranges(formats.days(low, high, locale, gettext(DAYS)),
                                               markdown_text),
        "service_titles": [(key, gettext(title)) for key, title in SERVICES],
        "link": link,
        "local_services": {
            "title": gettext(LOCAL_SERVICES_TITLE) % {"country": name},
            "link": Markup(relative_link(country_uri(country.code, "services"),
                                         country_uri(country.code, LOCAL_SERVICES_PAGE))),
        },
    }
    # Linked from the overview and the pathways page, which are in the same folder.
    recruiters_uri = country_uri(country.code, RECRUITERS)
    recruiters_page = {"title": gettext(RECRUITERS_TITLE) % {"country": name},
                       "link": Markup(relative_link(country_uri(country.code), recruiters_uri))}
    common["recruiters_page"] = recruiters_page
    pages: dict[str, str] = {}
    topic_pages = []
    for module in MODULES:
        uri = country_uri(country.code, module.slug)
        title = gettext(module.country_title) % {"country": name}
        topic_pages.append({"title": title,
                            "link": Markup(relative_link(country_uri(country.code), uri))})
        if only is not None and uri not in only:
            continue
        body = env.get_template(f"country/{module.slug}.md.j2").render(
            common, procedures=procedure_links(country, uri, module.slug))
        meta = {
            "title": title,
            "reviewed": _oldest_review(country.data, module.sections),
            "sources": _sources(country.data, module.sections),
            "country": country.code,
            "module": module.slug,
        }
        pages[uri] = front_matter(meta, body)
    pages.update({uri: text for uri, text in render_procedures(
        env, country, common, gettext, data_gettext).items() if only is None or uri in only})
    local_uri = country_uri(country.code, LOCAL_SERVICES_PAGE)
    topic_pages.append({"title": common["local_services"]["title"],
                        "link": Markup(relative_link(country_uri(country.code), local_uri))})
    if only is None or local_uri in only:
        pages[local_uri] = front_matter({
            "title": common["local_services"]["title"],
            "reviewed": country.data["local_services"]["reviewed"],
            "sources": _sources(country.data, ("local_services",)),
            "country": country.code,
            "module": "services",
        }, env.get_template("country/local-services.md.j2").render(
            common, type_title=lambda kind: gettext(LOCAL_SERVICE_TYPES[kind])))
    if only is None or recruiters_uri in only:
        pages[recruiters_uri] = _recruiters_page(env, country, common,
                                                 recruiters_page["title"], gettext)
    handout_uri = country_uri(country.code, "handout")
    if only is None or handout_uri in only:
        pages[handout_uri] = front_matter({
            "title": gettext(HANDOUT_TITLE) % {"country": name},
            "reviewed": _oldest_review(country.data, HANDOUT_SECTIONS),
            "sources": _sources(country.data, HANDOUT_SECTIONS),
            "country": country.code,
            "handout": True,
        }, env.get_template("country/handout.md.j2").render(common))
    if only is not None and country_uri(country.code) not in only:
        return pages
    overview = env.get_template("country/index.md.j2").render(
        common, topic_pages=topic_pages,
        procedures=procedure_links(country, country_uri(country.code)),
        handout={"title": gettext(HANDOUT_TITLE) % {"country": name},
                 "link": Markup(relative_link(country_uri(country.code), handout_uri))})
    pages[country_uri(country.code)] = front_matter({
        "title": gettext(OVERVIEW_TITLE) % {"country": name},
        "reviewed": _oldest_review(country.data, OVERVIEW_SECTIONS),
        "sources": _sources(country.data, OVERVIEW_SECTIONS),
        "country": country.code,
    }, overview)
    return pages


def procedure_links(country: Country, from_uri: str,
                    module: str | None = None) -> list[dict[str, Any]]:
    """The country's procedures (those of one module), with their titles as data: the
    templates translate them."""
    return [{"title": p["title"],
             "link": Markup(relative_link(from_uri, procedure_uri(country.code, p["id"])))}
            for p in procedures.of_module(country.data, module)]


def render_procedures(env: jinja2.Environment, country: Country, common: dict[str, Any],
                      gettext: Callable[[str], str],
                      data_gettext: Callable[[str], str]) -> dict[str, str]:
    """One page per procedure: its steps as an ordered list, its known totals."""
    section = country.data.get("procedures")
    found: dict[str, str] = {}
    for procedure in procedures.of_module(country.data):
        uri = procedure_uri(country.code, procedure["id"])
        body = env.get_template("country/procedure.md.j2").render(
            common, procedure=procedure, totals=procedures.totals(procedure["steps"]),
            section=section,
            module={"title": gettext(MODULE_BY_SLUG[procedure["module"]].country_title)
                    % {"country": common["country_name"]},
                    "link": Markup(relative_link(uri, country_uri(country.code,
                                                                  procedure["module"])))})
        found[uri] = front_matter({
            "title": gettext(PROCEDURE_TITLE) % {"country": common["country_name"],
                                                  "procedure": data_gettext(procedure["title"])},
            "reviewed": section["reviewed"],
            "sources": section["sources"],
            "country": country.code,
            "module": procedure["module"],
            "procedure": procedure["id"],
            "handout": True,  # printed, it is a checklist on one sheet
        }, body)
    return found


def country_links(countries: list[Country], language: Language, from_uri: str,
                  page: str = "index") -> list[dict[str, Any]]:
    return [
        {"name": c.name(language.locale), "sample": c.sample,
         "link": Markup(relative_link(from_uri, country_uri(c.code, page))),
         "procedures": procedure_links(c, from_uri, page) if page in MODULE_BY_SLUG else []}
        for c in countries
    ]


def render_countries_index(env: jinja2.Environment, countries: list[Country],
                           language: Language, gettext: Callable[[str], str]) -> str:
    uri = countries_index_uri()
    body = env.get_template("countries.md.j2").render(
        countries=country_links(countries, language, uri))
    reviewed = min((_oldest_review(c.data, ("helplines",)) for c in countries), default=None)
    meta: dict[str, Any] = {"title": gettext(COUNTRIES_TITLE)}
    if reviewed:
        meta["reviewed"] = reviewed
    return front_matter(meta, body)


def render_module_countries(env: jinja2.Environment, countries: list[Country],
                            language: Language, module: Module, page_uri: str) -> str:
    """The 'information by country' section appended to a module page."""
    if not countries:
        return ""
    links = country_links(countries, language, page_uri, module.slug)
    if module.slug == "pathways":  # work abroad: check the recruiter first (Objective 6)
        for entry, country in zip(links, countries, strict=True):
            entry["recruiters"] = Markup(relative_link(page_uri,
                                                       country_uri(country.code, RECRUITERS)))
    local = country_links(countries, language, page_uri, LOCAL_SERVICES_PAGE) \
        if module.slug == "services" else []
    return env.get_template("module-countries.md.j2").render(countries=links,
                                                              local_services=local)


def render_search_page(env: jinja2.Environment, gettext: Callable[[str], str], button: str,
                       action: str, root: str) -> str:
    """The search page: a plain form; results appear only where the search script runs."""
    body = env.get_template("search.md.j2").render(button=button, action=Markup(action),
                                                   root=Markup(root))
    return front_matter({"title": gettext(SEARCH_TITLE), "gcm_search": True,
                         "search": {"exclude": True}}, body)
