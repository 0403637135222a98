"""Screen atlases: every screen photographed as a person sees it, and the layout rules
that must hold on each, measured in Chromium.

Screenshots go to the folder named by SUNBEON_ATLAS (none are kept when it is unset), as
`<atlas>/<surface>/<size>-<mode>-<lang>/<nn>-<screen>.png`, for people to look at, with
`problems.json` beside them. The rules, for every shown control and text of the screen:
- inside the screen: a control lies wholly within the viewport, or within a scrolling
  list that itself lies within the viewport; nothing is cut off by a box that hides its
  overflow;
- no text overflowing its box (a line wider than the element that holds it; a label that
  ends in "…" on purpose, text-overflow: ellipsis, is drawn within its box);
- text at least the screen's minimum size;
- no control reached only by scrolling the whole screen (a list may scroll its items);
- no control under another element: what lies at a control's centre is the control or
  something inside it (aside from a list's item scrolled out of view, beneath the bar of
  buttons that stays in view over what scrolls, and the page behind a modal dialog);
- the screen's first choice in view as the screen opens.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

CONTROLS = ("button, a[href], input, select, textarea, [role=button], "
            "[tabindex]:not([tabindex='-1'])")

LAYOUT = """([controls, minFont, lists, main]) => {
  const W = innerWidth, H = innerHeight;
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]')
    && getComputedStyle(el).visibility !== 'hidden';
  const label = (el) => (el.id ? '#' + el.id : '') + (el.dataset.key ? `[${el.dataset.key}]` : '')
    + (el.id || el.dataset.key ? '' : `<${el.tagName.toLowerCase()}> `
       + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 24));
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowY + s.overflowX) && (p.scrollHeight > p.clientHeight + 1
          || p.scrollWidth > p.clientWidth + 1)) return p;
    }
    return null;
  };
  const clipper = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(hidden|clip)/.test(s.overflowY + s.overflowX)) return p;
    }
    return null;
  };
  const inside = (r, box, slack = 1) => r.left >= box.left - slack && r.top >= box.top - slack
    && r.right <= box.right + slack && r.bottom <= box.bottom + slack;
  const screen = { left: 0, top: 0, right: W, bottom: H };
  const outside = [], clipped = [], overflowing = [], small = [], unreachable = [], covered = [];
  // What a finger on the control's centre would touch: the control, or something it holds.
  const hitAt = (r) => document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  // Behind an open modal dialog the page is inert on purpose: only the dialog's controls count.
  const modal = document.querySelector('dialog:modal');
  const onTop = (el, hit) => (modal !== null && !modal.contains(el))
    || (hit !== null && (hit === el || el.contains(hit)));
  const stuck = (el) => {
    for (let p = el; p; p = p.parentElement) if (getComputedStyle(p).position === 'sticky') return true;
    return false;
  };
  const wide = new Set();
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    const area = scroller(el);
    if (area) {
      const box = area.getBoundingClientRect();
      if (!inside(box, screen)) outside.push(label(area) + ' (scrolling area)');
      if (area.scrollWidth > area.clientWidth + 1) wide.add(label(area));
      // Only a list may hold controls out of view; a screen that must be scrolled to
      // reach its buttons hides them from whoever does not know to scroll.
      if (!inside(r, box) && !el.closest(lists)) unreachable.push(label(el));
      else if (inside(r, box) && inside(r, screen)) {
        const hit = hitAt(r);
        if (!onTop(el, hit) && !(el.closest(lists) && hit && stuck(hit))) covered.push(label(el));
      }
      continue;
    }
    if (!inside(r, screen)) outside.push(`${label(el)} at ${Math.round(r.left)},${Math.round(r.top)}`
                                         + `-${Math.round(r.right)},${Math.round(r.bottom)}`);
    else if (!onTop(el, hitAt(r))) covered.push(label(el));
    const clip = clipper(el);
    if (clip && !inside(r, clip.getBoundingClientRect(), 2)) clipped.push(label(el));
  }
  const onePixel = (el) => {
    for (let p = el; p && p !== document.body; p = p.parentElement) {
      const r = p.getBoundingClientRect();
      if (getComputedStyle(p).display !== 'inline' && r.width <= 1 && r.height <= 1) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node; (node = walker.nextNode());) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el) || seen.has(el)) continue;
    if (el.closest('svg, .leaflet-container, [aria-hidden=true], .sr-only, .visually-hidden')) continue;
    // Kept for screen readers in a one-pixel box: not drawn, so neither read nor cut off.
    if (onePixel(el)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const text = node.textContent.trim().replace(/\\s+/g, ' ').slice(0, 30);
    if (parseFloat(style.fontSize) < minFont - 0.5) small.push(`${text}: ${style.fontSize}`);
    const range = document.createRange();
    range.selectNodeContents(node);
    const t = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    // A label shortened on purpose ("…", text-overflow: ellipsis) is drawn within its box and
    // read whole by screen readers: its text runs on past the box only where it is not drawn.
    if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible') continue;
    if (t.width && (t.right > box.right + 2 || t.left < box.left - 2)) {
      overflowing.push(`${text}: ${Math.round(t.width)} px in ${Math.round(box.width)} px`);
    }
    if (scroller(el)) continue;
    if (t.width && !inside(t, screen)) outside.push(`text ${text}`);
    const clip = clipper(el);
    if (clip && t.width && !inside(t, clip.getBoundingClientRect(), 2)) clipped.push(`text ${text}`);
  }
  // The screen's first choice is in view as it opens: choices come first.
  const first = main && [...document.querySelectorAll(`${main} :is(${controls})`)].find(shown);
  const late = [];
  if (first) {
    const area = document.querySelector(main).getBoundingClientRect();
    const r = first.getBoundingClientRect();
    if (r.top < area.top - 1 || r.bottom > Math.min(area.bottom, H) + 1) late.push(label(first));
  }
  return { outside, clipped, overflowing, small, unreachable, covered, late, wide: [...wide] };
}"""


def layout_problems(page, min_font: float, lists: str = "ul, ol, [role=list]",
                    main: str | None = None) -> dict[str, list[str]]:
    """The rules above that the page breaks as it is shown now. `lists` selects what may
    scroll its items out of view; `main` is the screen's content area, whose first
    control must be in view when the screen opens."""
    page.evaluate("document.querySelectorAll('*').forEach((el) => { if (el.scrollTop) el.scrollTop = 0; })")
    found = page.evaluate(LAYOUT, [CONTROLS, min_font, lists, main])
    names = {"outside": "outside the screen", "clipped": "cut off",
             "overflowing": "text overflowing its box",
             "small": f"text under {min_font:g} px",
             "unreachable": "reached only by scrolling the screen",
             "covered": "under another element",
             "late": "first choice not in view",
             "wide": "wider than the screen (scrolls sideways)"}
    return {names[key]: value for key, value in found.items() if value}


class Atlas:
    """Where one walk's screenshots go (nowhere when SUNBEON_ATLAS is unset)."""

    def __init__(self, surface: str, case: str):
        root = os.environ.get("SUNBEON_ATLAS")
        self.folder = Path(root) / surface / case if root else None
        self.count = 0
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, page, screen: str) -> None:
        self.count += 1
        if self.folder:
            name = re.sub(r"[^a-z0-9-]+", "-", screen.lower())
            page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"))

    def record(self, problems: dict) -> None:
        """What broke which rule on each screen, beside the screenshots."""
        if self.folder:
            (self.folder / "problems.json").write_text(
                json.dumps(problems, ensure_ascii=False, indent=1), encoding="utf-8")
