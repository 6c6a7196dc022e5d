"""What a reader sees, measured in the browser: lists, the search field, the language list,
dates and numbers in right-to-left text, and glyphs drawn as tofu boxes.

Each check returns a list of sentences, one per defect, that say what a reader would see
wrong; an empty list is a pass. The JavaScript runs inside the page on the laid-out boxes
(getBoundingClientRect, Range.getClientRects, getComputedStyle), not on the HTML source.
Playwright is only needed when they are called, so this module imports without it.
"""

from __future__ import annotations

import functools
import itertools
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from browser_checks import contrast

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Shared helpers for the scripts below: a short name for an element, its visible text, and
# the rectangles a text node or range is drawn in, grouped into lines.
_JS_HELPERS = r"""
  const shown = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const short = t => (t || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  const describe = el => el.tagName.toLowerCase() +
      (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const boxes = range => [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
  const rectsOf = node => { const r = document.createRange(); r.selectNodeContents(node);
                            return boxes(r); };
  // Rectangles on the same line overlap vertically by more than half the shorter one.
  const sameLine = (a, b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) >
                             0.5 * Math.min(a.height, b.height);
  const lines = rects => {
    const out = [];
    for (const r of rects) {
      const line = out.find(l => sameLine(l[0], r));
      if (line) line.push(r); else out.push([r]);
    }
    return out.map(l => l.sort((a, b) => a.left - b.left));
  };
  const content = () => document.querySelector('article') || document.querySelector('main') ||
                        document.body;
"""

# Each list item is its own line, with room for its bullet or number on the side the
# list starts from (the side of the item's own direction, not of the page's).
LISTS = "() => {" + _JS_HELPERS + r"""
  const problems = [];
  for (const list of content().querySelectorAll('ul, ol')) {
    if (!shown(list) || list.closest('nav, .md-select')) continue;
    const items = [...list.children].filter(li => li.tagName === 'LI' && shown(li));
    items.forEach((li, i) => {
      const s = getComputedStyle(li);
      if (s.display !== 'list-item') return;
      const box = li.getBoundingClientRect();
      if (i > 0) {
        const before = items[i - 1].getBoundingClientRect();
        if (box.top < before.bottom - 1)
          problems.push(`list item "${short(li.innerText)}" is drawn on the same line as ` +
                        `"${short(items[i - 1].innerText)}" instead of below it`);
      }
      if (s.listStyleType === 'none' || s.listStylePosition !== 'outside') return;
      // The marker hangs outside the item's start edge: that edge must stand at least
      // 1em in from the content column, or the bullet sits in the margin or off screen.
      const column = content().getBoundingClientRect();
      const size = parseFloat(s.fontSize);
      const room = s.direction === 'rtl' ? column.right - box.right : box.left - column.left;
      if (room < 0.9 * size)
        problems.push(`the ${list.tagName === 'OL' ? 'number' : 'bullet'} of list item ` +
                      `"${short(li.innerText)}" (${s.direction}) has ${Math.round(room)} px ` +
                      `of room at the ${s.direction === 'rtl' ? 'right' : 'left'} edge of ` +
                      `the text column, less than the ${Math.round(size)} px it needs: it ` +
                      'sits at the edge of the screen instead of indented');
    });
  }
  // A definition is indented under its term, on the side its text starts from.
  for (const dd of content().querySelectorAll('dd')) {
    const dt = dd.previousElementSibling;
    if (!shown(dd) || !dt || dt.tagName !== 'DT') continue;
    const s = getComputedStyle(dd), a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
    const indent = s.direction === 'rtl' ? a.right - b.right : b.left - a.left;
    if (indent < 0.5 * parseFloat(s.fontSize))
      problems.push(`the definition "${short(dd.innerText)}" is not indented under its term ` +
                    `"${short(dt.innerText)}" on the ${s.direction === 'rtl' ? 'right' : 'left'}` +
                    ` (${Math.round(indent)} px)`);
  }
  return problems;
}"""

# The links to country pages in the content: one list item each, each on its own line.
COUNTRY_LINKS = "() => {" + _JS_HELPERS + r"""
  // Links to a country's page or to one of its topics, wherever the list points from; a
  // country's item may go on to link more of that country's pages (its recruiters).
  const country = a => (a.pathname.match(/\/countries\/([a-z]{2})\//) || [])[1];
  const links = [...content().querySelectorAll('li a[href]')]
    .filter(a => /\/countries\/[a-z]{2}\/([a-z-]+\/)?(index\.html)?$/.test(a.pathname))
    .filter(a => !/\/handout\/|#/.test(a.getAttribute('href')) && !a.closest('nav'))
    .filter((a, i, all) => !all.slice(0, i).some(
      b => b.closest('li') === a.closest('li') && country(b) === country(a)));
  return links.map(a => {
    const li = a.closest('li');
    const r = li.getBoundingClientRect();
    return {country: short(a.innerText), href: a.getAttribute('href'), item: short(li.innerText),
            links: [...li.querySelectorAll('a[href]')].filter(x => links.includes(x)).length,
            top: r.top, bottom: r.bottom, shown: shown(li)};
  });
}"""


def country_list_problems(items: list[dict[str, Any]], expected: int) -> list[str]:
    """Each of the ``expected`` countries has its own bullet, below the one before."""
    if not items:
        return [f"no list of countries is shown (the site has {expected} countries)"]
    problems = []
    merged = {item["item"] for item in items if item["links"] > 1}
    for text in sorted(merged):
        problems.append(f'several countries are drawn as one bullet: "{text}"')
    if len(items) != expected:
        names = ", ".join(item["country"] for item in items)
        problems.append(f"the country list shows {len(items)} country links ({names}), "
                        f"the site has {expected} countries")
    shown = [item for item in items if item["shown"]]
    for before, after in itertools.pairwise(shown):
        if after["top"] < before["bottom"] - 1 and after["item"] != before["item"]:
            problems.append(f'"{after["item"]}" is drawn beside "{before["item"]}", not on '
                            "a line of its own")
    return problems


# The search field's box: size, border on each side, and the colours it is drawn in, each
# resolved to sRGB bytes by a canvas (so any CSS colour syntax works), with the background
# the page shows around the field composited from the field's ancestors.
SEARCH_FIELD = "() => {" + _JS_HELPERS + r"""
  const field = content().querySelector('input[type=search], input[name=q]');
  if (!field) return null;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const paint = colours => {
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = '#fff';  // the canvas behind every page
    ctx.fillRect(0, 0, 1, 1);
    for (const c of colours) {
      ctx.fillStyle = '#fff0';  // a colour the canvas cannot read paints nothing
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
    }
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  };
  const chain = [];
  for (let a = field.parentElement; a; a = a.parentElement) chain.unshift(a);
  const behind = chain.map(a => getComputedStyle(a).backgroundColor);
  const s = getComputedStyle(field);
  const sides = ['Top', 'Right', 'Bottom', 'Left'].map(side => ({
    side: side.toLowerCase(), width: parseFloat(s[`border${side}Width`]),
    style: s[`border${side}Style`],
    colour: paint([...behind, s.backgroundColor, s[`border${side}Color`]]),
  }));
  const r = field.getBoundingClientRect();
  return {height: r.height, width: r.width, fontSize: parseFloat(s.fontSize),
          outside: paint(behind), inside: paint([...behind, s.backgroundColor]), sides,
          shown: shown(field), label: short((field.labels[0] || {}).innerText)};
}"""


def search_field_problems(field: dict[str, Any] | None) -> list[str]:
    """WCAG 1.4.11: the field's edge must stand out 3:1 from what is around it, on every
    side, and the field must be big enough to see and to tap (24 px, WCAG 2.5.8)."""
    if field is None:
        return ["the page has no search field"]
    name = f'the search field "{field["label"]}"'
    if not field["shown"] or field["width"] < 1:
        return [f"{name} is not shown"]
    problems = []
    if field["height"] < 24:
        problems.append(f"{name} is {field['height']:.0f} px high, less than 24 px: a thin "
                        "strip that is hard to see and to tap")
    for side in field["sides"]:
        if side["width"] < 1 or side["style"] in ("none", "hidden"):
            problems.append(f"{name} has no border on its {side['side']} side "
                            f"({side['width']:g}px {side['style']}): its edge cannot be seen")
            continue
        ratio = contrast(tuple(side["colour"]), tuple(field["outside"]))
        if ratio < 3:
            problems.append(f"{name}'s {side['side']} border rgb{tuple(side['colour'])} has "
                            f"{ratio:.2f}:1 contrast with the background next to it "
                            f"rgb{tuple(field['outside'])}, less than 3:1")
    return problems


# The open language list: each language inside every box around it that clips or scrolls,
# no such box with more content than it shows, and (for a menu in the fixed header, which
# the page cannot scroll to) each language inside the screen.
LANGUAGE_LIST = "([selector, inScreen]) => {" + _JS_HELPERS + r"""
  const links = [...document.querySelectorAll(selector)];
  if (!links.length) return [`no language links (${selector}) on the page`];
  const problems = [];
  const boxesSeen = new Set();
  for (const a of links) {
    const name = short(a.innerText) || a.getAttribute('hreflang');
    if (!shown(a)) { problems.push(`"${name}" is not shown in the open language list`); continue; }
    const r = a.getBoundingClientRect();
    if (inScreen &&
        (r.top < -1 || r.left < -1 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1))
      problems.push(`"${name}" is outside the screen (at ${Math.round(r.left)},` +
                    `${Math.round(r.top)}-${Math.round(r.bottom)} in a ` +
                    `${innerWidth}x${innerHeight} window)`);
    for (let p = a.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ([s.overflowX, s.overflowY].every(o => o === 'visible')) continue;
      const box = p.getBoundingClientRect();
      if (r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 ||
          r.right > box.right + 1)
        problems.push(`"${name}" is cut off by ${describe(p)} (${Math.round(box.height)} px ` +
                      `high, overflow ${s.overflowY}): it is out of sight until the reader ` +
                      'scrolls inside that box');
      if (!boxesSeen.has(p)) {
        boxesSeen.add(p);
        if (p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1)
          problems.push(`the language list's box ${describe(p)} holds ${p.scrollHeight} px ` +
                        `of languages in ${p.clientHeight} px: some are only seen by scrolling`);
      }
    }
  }
  return problems;
}"""

# Dates, numbers and isolated text (time, bdi) in running text: on each line their pieces
# sit side by side with nothing else between them, and the text before them (their label)
# stays on one side; the digits of a number are drawn left to right, touching, in order.
WHOLE_RUNS = "() => {" + _JS_HELPERS + r"""
  const problems = [];
  const where = el => { const b = el.closest('p, li, dd, td, th, h1, h2, h3, div, aside');
                        return b ? ` in "${short(b.innerText)}"` : ''; };
  for (const el of document.querySelectorAll('time, bdi')) {
    if (!shown(el)) continue;
    const text = short(el.textContent);
    if (!text) continue;
    const rects = rectsOf(el);
    for (const line of lines(rects)) {
      for (let i = 1; i < line.length; i++) {
        const gap = line[i].left - line[i - 1].right;
        if (gap > 1.5) {
          problems.push(`${el.tagName.toLowerCase()} "${text}" is split on screen: its ` +
                        `pieces are ${Math.round(gap)} px apart with other text between ` +
                        `them${where(el)}`);
          break;
        }
      }
      // Its label (the words just before it) on one side of it, not around it.
      const label = el.previousSibling;
      if (!label || label.nodeType !== Node.TEXT_NODE || !label.data.trim()) continue;
      const left = line[0].left, right = line[line.length - 1].right;
      const others = rectsOf(label).filter(r => sameLine(r, line[0]));
      const before = others.some(r => r.right <= left + 1);
      const after = others.some(r => r.left >= right - 1);
      const inside = others.some(r => r.left > left + 1 && r.right < right - 1);
      if ((before && after) || inside)
        problems.push(`the label "${short(label.data)}" is drawn around ` +
                      `${el.tagName.toLowerCase()} "${text}" instead of beside it${where(el)}`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const number = /\p{Nd}+(?:[.,:\u066b\u066c\u060c/]\p{Nd}+)*/gu;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, template, svg') || !shown(el)) continue;
    for (const m of node.data.matchAll(number)) {
      if (m[0].length < 2) continue;
      const chars = [];
      for (let i = 0; i < m[0].length; i++) {
        const r = document.createRange();
        r.setStart(node, m.index + i); r.setEnd(node, m.index + i + 1);
        const b = boxes(r);
        if (b.length) chars.push(b[0]);
      }
      if (chars.length < m[0].length) continue;  // not drawn (clipped or collapsed)
      for (let i = 1; i < chars.length; i++) {
        const a = chars[i - 1], b = chars[i];
        if (!sameLine(a, b) || b.left < a.left || b.left - a.right > 1.5) {
          problems.push(`the number "${m[0]}" is not drawn whole, left to right: its ` +
                        `characters ${i} and ${i + 1} are ${sameLine(a, b)
                          ? Math.round(b.left - a.right) + ' px apart' : 'on different lines'}` +
                        `${b.left < a.left ? ', in the wrong order' : ''}${where(el)}`);
          break;
        }
      }
    }
  }
  // A range of times or amounts ("9:00–17:00", "30–90") on one line, not broken at its dash.
  const amount = '\\p{Nd}[\\p{Nd}.,:\\u066b\\u066c]*';
  const range = new RegExp(`${amount}\\s?[\\u2013\\u2014-]\\s?${amount}`, 'gu');
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, template, svg') || !shown(el)) continue;
    for (const m of node.data.matchAll(range)) {
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      if (lines(boxes(r)).length > 1)
        problems.push(`the range "${m[0]}" is broken across two lines at its dash${where(el)}`);
    }
  }
  return problems;
}"""

# Text laid out in the direction of its own script. An English sentence on a right-to-left
# page (an untranslated interface string) laid out right to left shows the full stop or
# colon at its edge on the wrong side, and the words of the other script inside it are
# reordered around it; an English label and its value, each isolated, stand in reverse
# order on the line. Text is grouped as the browser groups it for bidi: by the nearest
# block or isolating element (bdi, an element with dir, unicode-bidi isolate or plaintext),
# which stands as one neutral object (U+FFFC) in the text around it.
DIRECTIONS = "() => {" + _JS_HELPERS + r"""
  const rtl = new RegExp('[' + ['Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Nko', 'Adlam',
                               'Samaritan', 'Mandaic'].map(n => `\\p{Script=${n}}`).join('') +
                         ']', 'u');
  const OBJECT = '\ufffc';
  const isolates = el => { const s = getComputedStyle(el);
    return el.tagName === 'BDI' || el.hasAttribute('dir') ||
           ['isolate', 'isolate-override', 'plaintext'].includes(s.unicodeBidi); };
  const owns = el => { const d = getComputedStyle(el).display;
    return (!d.startsWith('inline') && d !== 'contents') || isolates(el); };
  // The element's own text, each isolated or block child standing as OBJECT; and its
  // isolated inline children, in order.
  const textOf = (el, parts = []) => {
    let out = '';
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) { if (rectsOf(n).length) out += n.data; }
      else if (n.nodeType === Node.ELEMENT_NODE && shown(n) &&
               !n.matches('script, style, noscript, template, svg')) {
        if (!owns(n)) { out += textOf(n, parts).text; continue; }
        out += OBJECT;
        if (isolates(n) && getComputedStyle(n).display.startsWith('inline')) parts.push(n);
      }
    }
    return {text: out, parts};
  };
  const firstStrong = t => { const c = [...t].find(x => /\p{L}/u.test(x));
    return c ? (rtl.test(c) ? 'rtl' : 'ltr') : null; };
  // An isolate's direction: its dir, or (bdi, dir=auto) its first letter's.
  const dirOf = el => ['ltr', 'rtl'].includes(el.getAttribute('dir'))
    ? getComputedStyle(el).direction : firstStrong(el.textContent);
  const blank = c => /[\s\ufffc]/u.test(c);
  const punctuation = c => !/[\p{L}\p{N}\p{M}\s\ufffc]/u.test(c);
  // The punctuation at one end (past any isolated pieces there) that closes a word: bidi
  // puts it on the side of the paragraph's direction, away from the word it belongs to.
  const edge = chars => { let i = 0;
    while (i < chars.length && blank(chars[i])) i++;
    const from = i;
    while (i < chars.length && punctuation(chars[i])) i++;
    return i > from && i < chars.length && /\p{L}/u.test(chars[i])
      ? chars.slice(from, i).join('') : ''; };
  const name = d => d === 'rtl' ? 'right-to-left' : 'left-to-right';
  const problems = [];
  for (const el of document.querySelectorAll('body, body *')) {
    if (!owns(el) && el !== document.body) continue;
    if (el.closest('script, style, noscript, template, svg') || !shown(el)) continue;
    const {text, parts} = textOf(el);
    // unicode-bidi: plaintext lays each paragraph out in its first letter's direction.
    const style = getComputedStyle(el);
    const dir = style.unicodeBidi === 'plaintext' ? firstStrong(text) || style.direction
      : style.direction;
    const letters = [...text].filter(c => /\p{L}/u.test(c));
    const right = letters.filter(c => rtl.test(c)).length, left = letters.length - right;
    // Pieces of the other direction side by side, with nothing of the block's own script
    // around them ("Hours:" and "Monday to Friday", each isolated left to right on a
    // right-to-left line): the line reads backwards, and the first piece's colon or full
    // stop is drawn at the edge of the line, away from the piece it leads to.
    if ((dir === 'rtl' ? right : left) === 0) {
      for (let i = 1; i < parts.length; i++) {
        const a = parts[i - 1], b = parts[i], d = dirOf(a);
        if (!d || d === dir || dirOf(b) !== d) continue;
        // A label's colon or a sentence's full stop (a name's bracket closes only itself).
        const end = (a.textContent.trim().match(/[:.!?;\u060c\u061b\u06d4\uff1a\u3002]$/u) ||
                     [''])[0];
        const ra = rectsOf(a).at(-1), rb = rectsOf(b)[0];
        if (!end || !ra || !rb || !sameLine(ra, rb)) continue;
        const reversed = dir === 'rtl' ? rb.right <= ra.left + 1 : rb.left >= ra.right - 1;
        if (reversed)
          problems.push(`"${short(a.textContent)}" and "${short(b.textContent)}" ` +
            `(${name(d)}) are drawn ${name(dir).replace(/-/g, ' ')} on one line of ` +
            `${describe(el)}: read ${name(d).replace(/-/g, ' ')} it says "` +
            `${short(b.textContent)} ${short(a.textContent)}", the "${end}" at the edge ` +
            'away from what it leads to; the line needs the direction of its text');
      }
    }
    if (!letters.length) continue;
    // Its own direction: that of its first letter, as a browser would guess it, when most
    // of its letters agree (an Arabic label before a Latin address is Arabic text).
    const first = firstStrong(text);
    const natural = (first === 'rtl' ? right : left) > 0.5 * letters.length ? first : null;
    if (!natural || natural === dir) continue;
    const chars = [...text.trim()];
    const ends = [edge([...chars].reverse()).split('').reverse().join(''), edge(chars)]
      .filter(Boolean);
    const mixed = natural === 'ltr' ? right > 0 : left > 0;
    if (!ends.length && !mixed) continue;
    const sample = short(text.replaceAll(OBJECT, '…'));
    problems.push(`"${sample}" (${describe(el)}) is ${name(natural)} text laid out ` +
      `${name(dir).replace(/-/g, ' ')}: ` +
      (ends.length ? `its "${ends.join('" and "')}" is drawn at the wrong end` : '') +
      (ends.length && mixed ? ', and ' : '') +
      (mixed ? 'its words in the other script are drawn out of order' : '') +
      '; it needs its own lang and dir');
  }
  return problems;
}"""

# Every element with visible text of its own is marked with data-gcm-text, in document
# order, so the DevTools protocol can ask which fonts drew it; returns each one's text (as
# drawn: text-transform applied) and the page's @font-face rules.
MARK_TEXT = "() => {" + _JS_HELPERS + r"""
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('script, style, noscript, template, svg') || !shown(el)) continue;
    let text = '';
    for (const n of el.childNodes)
      if (n.nodeType === Node.TEXT_NODE && n.data.trim() && rectsOf(n).length) text += n.data;
    if (!text.trim()) continue;
    const s = getComputedStyle(el), lang = el.closest('[lang]');
    const code = lang ? lang.getAttribute('lang') : undefined;
    if (s.textTransform === 'uppercase') text = text.toLocaleUpperCase(code || undefined);
    if (s.textTransform === 'lowercase') text = text.toLocaleLowerCase(code || undefined);
    if (s.textTransform === 'capitalize') text += text.toLocaleUpperCase(code || undefined);
    el.setAttribute('data-gcm-text', out.length);
    out.push({text, where: describe(el), lang: code || '', family: s.fontFamily,
              sample: short(text),
              style: [s.fontFamily, s.fontWeight, s.fontStyle, s.fontStretch, code].join('|')});
  }
  const faces = [];
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const rule of rules) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      const src = rule.style.getPropertyValue('src');
      const url = (src.match(/url\(\s*["']?([^"')]+)["']?\s*\)/) || [])[1];
      faces.push({family: rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim(),
                  range: rule.style.getPropertyValue('unicode-range') || 'U+0-10FFFF',
                  url: url ? new URL(url, sheet.href || location.href).href : null});
    }
  }
  return {nodes: out, faces};
}"""


def drawn(char: str) -> bool:
    """Characters that are drawn as a glyph: not spaces, controls, format characters
    (bidi marks, ZWJ, soft hyphen) or variation selectors, which no font needs to hold."""
    if unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf"):
        return False
    return not ("\ufe00" <= char <= "\ufe0f" or char == "\u034f")


@functools.cache
def _cmap(file: str, index: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(file, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


@functools.cache
def system_fonts() -> dict[str, tuple[str, int]]:
    """PostScript name -> (file, index in a collection) of every font fontconfig knows:
    the fonts Chromium falls back to on Linux."""
    listed = subprocess.run(["fc-list", "-f", "%{postscriptname}\t%{file}\t%{index}\n"],
                            capture_output=True, text=True, check=True).stdout
    fonts: dict[str, tuple[str, int]] = {}
    for line in listed.splitlines():
        name, file, index = [*line.split("\t"), "", "", "0"][:3]
        if name and file:
            fonts.setdefault(name, (file, int(index or 0)))
    return fonts


@functools.cache
def site_fonts(site: Path) -> dict[str, frozenset[int]]:
    """PostScript name -> characters, of the font files the site ships (its web fonts)."""
    from fontTools.ttLib import TTFont

    found = {}
    for file in sorted(site.rglob("*")):
        if file.suffix.lower() not in (".woff2", ".woff", ".ttf", ".otf"):
            continue
        with TTFont(str(file), lazy=True) as font:
            name = font["name"].getDebugName(6) or file.stem
        found[name] = _cmap(str(file))
    return found


def unicode_ranges(value: str) -> list[tuple[int, int]]:
    """A CSS unicode-range value as (first, last) code points."""
    ranges = []
    for part in value.split(","):
        part = part.strip().upper().removeprefix("U+")
        if not part:
            continue
        if "?" in part:
            ranges.append((int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)))
        elif "-" in part:
            first, last = part.split("-", 1)
            ranges.append((int(first, 16), int(last, 16)))
        else:
            ranges.append((int(part, 16), int(part, 16)))
    return ranges


def _names(chars: Iterable[str]) -> str:
    return ", ".join(f"{c} U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in sorted(chars))


def tofu_problems(page: Page, site: Path, site_url: str) -> tuple[list[str], list[str]]:
    """Text drawn as empty boxes (tofu), and text that only escapes it thanks to this
    machine's fonts.

    Chromium reports, through the DevTools protocol (CSS.getPlatformFontsForNode), which
    font files drew each element's text. When no font in the page's font-family list nor
    any system font holds a character, Chromium still names a font, the one whose .notdef
    box it drew. So a character is tofu exactly when none of the fonts reported for its
    element holds it in its character map (read with fontTools from the very files:
    fontconfig's for system fonts, the site's own for web fonts). This is exact, unlike
    document.fonts.check() (which only says whether a face is loaded) or comparing canvas
    pixels with the .notdef of U+10FFFF (which fails for fonts with a blank .notdef and for
    marks drawn on a dotted circle).

    The second list: characters inside the unicode-range of a web font the site ships
    but missing from that font, on an element that asks for it. Here a system font drew
    them; on a phone without one they are tofu, which is what the web font is for.
    """
    marked = page.evaluate(MARK_TEXT)
    nodes = marked["nodes"]
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        ids = session.send("DOM.querySelectorAll",
                           {"nodeId": root, "selector": "[data-gcm-text]"})["nodeIds"]
        if len(ids) != len(nodes):
            return [f"could not match {len(nodes)} text elements to {len(ids)} DevTools "
                    "nodes"], []
        # The same characters in the same font settings fall back the same way: ask only
        # about elements that bring characters not yet seen in their settings.
        asked: dict[str, set[str]] = {}
        used = []
        for node, node_id in zip(nodes, ids, strict=True):
            chars = {c for c in node["text"] if drawn(c)}
            known = asked.setdefault(node["style"], set())
            if chars <= known:
                continue
            known |= chars
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
            used.append((node, chars, fonts))
    finally:
        session.detach()
    shipped = site_fonts(site)
    system = system_fonts()
    tofu, unshipped = [], []
    for node, chars, fonts in used:
        covered: set[int] = set()
        for font in fonts:
            name = font["postScriptName"]
            if font["isCustomFont"] and name in shipped:
                covered |= shipped[name]
            elif name in system:
                covered |= _cmap(*system[name])
            else:
                tofu.append(f'{node["where"]} "{node["sample"]}" is drawn in a font this test '
                            f'cannot find to check ({font["familyName"]}, {name})')
        missing = {c for c in chars if ord(c) not in covered}
        if missing:
            drew = ", ".join(f["familyName"] for f in fonts) or "no font"
            tofu.append(f'{node["where"]} (lang {node["lang"] or "?"}) "{node["sample"]}" '
                        f"shows empty boxes for {_names(missing)}: no font has them "
                        f"(drawn with {drew})")
    origin = site_url.rstrip("/")
    for face in marked["faces"]:
        if not face["url"] or not face["url"].startswith(origin):
            continue
        file = site / unquote(urlsplit(face["url"]).path).lstrip("/")
        if not file.is_file():
            unshipped.append(f'the web font {face["family"]} ({face["url"]}) is missing from '
                             "the site")
            continue
        has = _cmap(str(file))
        ranges = unicode_ranges(face["range"])
        lacking: set[str] = set()
        for node in nodes:
            if face["family"].lower() not in node["family"].lower():
                continue
            lacking |= {c for c in node["text"] if drawn(c) and ord(c) not in has
                        and any(a <= ord(c) <= b for a, b in ranges)}
        if lacking:
            unshipped.append(f'the web font "{face["family"]}" the portal ships for '
                             f"{face['range']} lacks {_names(lacking)}: this machine drew "
                             "them with its own font; a phone without one shows empty boxes")
    return tofu, unshipped


def bullet(problems: list[str]) -> str:
    return "\n  - " + "\n  - ".join(problems)


_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def file_name(*parts: str) -> str:
    """Parts of a screenshot's name, joined by '-', each safe as a file name."""
    return "-".join(_SAFE.sub("_", part) for part in parts)
