"""Measurements taken inside the page: focus, geometry, clipping, target sizes, contrast.

Each function returns plain data (lists of problems, rectangles) for the tests to assert on.
Playwright is only needed when they are called, so this module imports without it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from portal_pages import MATERIAL, Theme

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Material animates menus, the skip link and link colours. Screenshots compared pixel by
# pixel must show end states, so these tests switch transitions off; nothing else changes.
NO_TRANSITIONS = ("*, *::before, *::after { transition: none !important; "
                  "animation: none !important; caret-color: transparent !important; }")


def without_transitions(page: Page) -> None:
    """Transitions off, by a stylesheet from the page's own origin: the portal's CSP
    refuses inline styles, so add_style_tag(content=...) would fail."""
    url = urljoin(page.url, "/__gcm-test__/no-transitions.css")
    page.route(url, lambda route: route.fulfill(content_type="text/css", body=NO_TRANSITIONS))
    page.add_style_tag(url=url)

# What is focused, where it is, and whether anything covers it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // Number each element the first time it takes focus, to tell when Tab has come round.
  const stops = window.__gcmStops = window.__gcmStops || new Map();
  if (!stops.has(el)) stops.set(el, stops.size);
  const box = el.getBoundingClientRect();
  // An inline link that wraps has several boxes: it is covered only if all of them are.
  const boxes = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const header = document.querySelector('header');
  const headerBox = header ? header.getBoundingClientRect() : null;
  const inHeader = header && header.contains(el);
  const hits = boxes.map(r => {
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    return document.elementFromPoint(x, y);
  });
  const uncovered = hits.some(hit => hit && (hit === el || el.contains(hit) ||
                                             hit.control === el));
  const underHeader = !inHeader && hits.some(hit => hit && header && header.contains(hit));
  const describe = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).filter(c => c !== 'focus-visible').join('.')
      : '') +
    ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  return {
    describe, inHeader, uncovered, underHeader, index: stops.get(el),
    box: {x: box.left, y: box.top, width: box.width, height: box.height},
    headerBottom: headerBox ? headerBox.bottom : 0,
    visible: el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    viewport: {width: innerWidth, height: innerHeight},
    scroll: {x: scrollX, y: scrollY},
  };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED)


def focus_problem(info: dict[str, Any]) -> str | None:
    """Why the focused element cannot be seen, or None when it can (2.4.7, 2.4.11)."""
    box, view = info["box"], info["viewport"]
    if not info["visible"] or box["width"] < 1 or box["height"] < 1:
        return "is focused but not visible"
    if box["y"] + box["height"] <= 0 or box["y"] >= view["height"] \
            or box["x"] + box["width"] <= 0 or box["x"] >= view["width"]:
        return f"is focused outside the viewport at {box}"
    if not info["uncovered"]:
        under = "the sticky header" if info["underHeader"] else "another element"
        return f"is focused but hidden under {under} at {box}"
    return None


def region(info: dict[str, Any], margin: int = 6) -> dict[str, float]:
    """The focused element's box and its surroundings (where an outline is drawn)."""
    box, view = info["box"], info["viewport"]
    x = max(0.0, box["x"] - margin)
    y = max(0.0, box["y"] - margin)
    right = min(view["width"], box["x"] + box["width"] + margin)
    bottom = min(view["height"], box["y"] + box["height"] + margin)
    return {"x": x, "y": y, "width": max(1.0, right - x), "height": max(1.0, bottom - y)}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def changed_pixels(before: bytes, after: bytes, ratio: float = 3.0) -> int:
    """How many pixels changed colour with at least ``ratio`` contrast between the two PNGs:
    the area of a focus indicator (WCAG 2.4.13 measures it the same way)."""
    from PIL import Image

    one = Image.open(io.BytesIO(before)).convert("RGB")
    two = Image.open(io.BytesIO(after)).convert("RGB")
    if one.size != two.size:
        return one.width * one.height
    first, second = one.tobytes(), two.tobytes()
    cache: dict[tuple[bytes, bytes], bool] = {}
    count = 0
    for i in range(0, len(first), 3):
        p, q = first[i:i + 3], second[i:i + 3]
        if p == q:
            continue
        if (p, q) not in cache:
            cache[(p, q)] = contrast(tuple(p), tuple(q)) >= ratio
        count += cache[(p, q)]
    return count


# Text that overflows a box that hides overflow (clipped), and elements wider than the
# viewport. Ignores what is not rendered: closed menus, the skip link until focused.
CLIPPED_TEXT = """() => {
  const problems = [];
  const clips = el => {
    const s = getComputedStyle(el);
    return ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el)) continue;
    seen.add(el);
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (el.closest('[aria-hidden="true"], script, style, noscript, template')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const text = node.data.trim().replace(/\\s+/g, ' ').slice(0, 50);
    const s = getComputedStyle(el);
    if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`"${text}" is cut short with an ellipsis`);
      continue;
    }
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      if (!clips(a)) continue;
      const box = a.getBoundingClientRect();
      const out = rects.some(r => r.left < box.left - 1 || r.right > box.right + 1 ||
                                  r.top < box.top - 1 || r.bottom > box.bottom + 1);
      // A box scrolled or slid out of view on purpose (a closed panel) clips everything:
      // that is hiding, not clipping, and checkVisibility has already dealt with it.
      if (out && box.width > 1 && box.height > 1) {
        problems.push(`"${text}" overflows a box that hides overflow ` +
                      `(${a.tagName.toLowerCase()}.${[...a.classList].join('.')})`);
        break;
      }
    }
  }
  return problems;
}"""

HORIZONTAL_SCROLL = """() => {
  const doc = document.scrollingElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth + 1)
    problems.push(`the page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window`);
  // Boxes that scroll sideways by themselves (a wide table in a scroll box, say).
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(s.overflowX)) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} scrolls ` +
                    `sideways (${el.scrollWidth}px of content in ${el.clientWidth}px)`);
  }
  return problems;
}"""

# WCAG 2.5.8 Target Size (Minimum): 24 by 24 CSS pixels, unless the target is spaced so a
# 24 px circle around it touches no other target, or is inline in a sentence.
TARGET_SIZE = """(selector) => {
  const MIN = 24;
  const targets = [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
      '[role=button], [tabindex]:not([tabindex="-1"])')]
    .filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .filter(el => !el.classList.contains('md-skip') && !el.classList.contains('gcm-skip'));
  const boxes = new Map(targets.map(el => [el, el.getBoundingClientRect()]));
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    if (!block) return false;
    const own = (el.textContent || '').replace(/\\s+/g, '');
    const all = (block.textContent || '').replace(/\\s+/g, '');
    // Other words around the link, not just punctuation.
    return /[\\p{L}\\p{N}]/u.test(all.replace(own, ''));
  };
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const circleHitsBox = (c, r) => {
    const dx = Math.max(r.left - c[0], 0, c[0] - r.right);
    const dy = Math.max(r.top - c[1], 0, c[1] - r.bottom);
    return dx * dx + dy * dy < (MIN / 2) * (MIN / 2);
  };
  const problems = [];
  for (const el of targets) {
    if (selector && !el.closest(selector)) continue;
    const r = boxes.get(el);
    if (r.width >= MIN - 0.5 && r.height >= MIN - 0.5) continue;
    if (inSentence(el)) continue;
    const c = centre(r);
    const crowded = targets.some(other => {
      if (other === el || other.contains(el) || el.contains(other)) return false;
      const o = boxes.get(other);
      if (circleHitsBox(c, o)) return true;
      const small = o.width < MIN - 0.5 || o.height < MIN - 0.5;
      if (!small) return false;
      const d = centre(o);
      return Math.hypot(c[0] - d[0], c[1] - d[1]) < MIN;
    });
    if (crowded) {
      const name = (el.innerText || el.getAttribute('aria-label') || '').trim()
        .replace(/\\s+/g, ' ').slice(0, 40);
      problems.push(`${el.tagName.toLowerCase()} "${name}" is ` +
                    `${Math.round(r.width)}x${Math.round(r.height)} px and too close to ` +
                    'another target');
    }
  }
  return problems;
}"""

# Where the help block sits relative to the main content and the footer, in DOM order.
LANDMARK_ORDER = """() => {
  const marks = [...document.querySelectorAll('main, .gcm-help, footer, [role=contentinfo]')];
  return marks.map(el => el.matches('.gcm-help') ? 'help' : el.matches('main') ? 'main'
                                                          : 'footer');
}"""


def reach_state(page: Page, action: str | None, query: str = "",
                theme: Theme | None = None) -> None:
    """Bring a loaded page into the state a template describes (see portal_pages.Template),
    with the theme's controls (Material's by default)."""
    if action is None:
        return
    theme = theme or MATERIAL
    if action in ("language-menu", "drawer"):
        # Menus fade in; contrast is judged on what they settle to, not mid-fade.
        without_transitions(page)
    if action == "search":
        box = page.locator("main input[type=search], main input[name=q]").first
        box.fill(query)
        box.press("Enter")
        page.wait_for_selector("#gcm-search-results li a")
    elif action == "language-menu":
        button = page.locator(theme.language_button).first
        if theme is MATERIAL:
            button.focus()  # Material's list opens while focus is inside the menu
        else:
            button.click()
        page.wait_for_selector(theme.language_link, state="visible")
    elif action == "drawer":
        page.locator(theme.menu_button).click()
        page.wait_for_selector(f"{theme.navigation} a", state="visible")
    else:
        raise ValueError(f"unknown action {action!r}")
