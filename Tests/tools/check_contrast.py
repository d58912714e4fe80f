#!/usr/bin/env python3
"""Colour contrast of the generated pages, for what axe-core cannot judge (it leaves SVG text
'needs review') and for the theme's colour tokens.

Usage: check_contrast.py SITE_DIR [SITE_DIR ...]

Checks, with the WCAG 2.x relative-luminance contrast ratio (no rounding):
  (a) chart marks, WCAG 1.4.11 non-text contrast, 3:1 against the page background: the effective
      fill and stroke of every rect, circle, ellipse, polygon, polyline and path in an inline
      <svg>, and of the lines that draw a <pattern> (hatching). Colours 'none', 'url(...)',
      'transparent' and the background colour itself are skipped; axis and grid <line>s outside
      patterns are not marks. fill-opacity / stroke-opacity / opacity are blended over the
      background.
  (b) SVG text, WCAG 1.4.3, 4.5:1: the effective fill of every <text> against the background.
  (c) theme tokens, WCAG 1.4.3, 4.5:1, from the custom properties of the stylesheets the pages
      link (not the print one): --pohj-color-text, -muted, -link and -link-visited on
      --pohj-color-background and on --pohj-color-surface; white on --pohj-color-primary (the
      header); --pohj-color-text on --pohj-color-focus (a focused link).
Each distinct (colour, background, rule) is one check, listed with the pages that use it.
The last line is 'contrast: N passed, N failed'; the exit code is 1 when anything failed.
Chart colours come from Sources/PohjKit/Render/Charts.swift (Palette).
"""
import html.parser
import pathlib
import re
import sys
import urllib.parse

MARK_TAGS = {"rect", "circle", "ellipse", "polygon", "polyline", "path"}
NAMED = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
         "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0", "yellow": "#ffff00", "orange": "#ffa500",
         "navy": "#000080", "teal": "#008080", "maroon": "#800000", "purple": "#800080", "olive": "#808000"}
NONE_VALUES = {"none", "transparent"}


def parse_colour(value):
    """'#rgb', '#rrggbb', '#rrggbbaa', 'rgb(...)', 'rgba(...)' or a basic name -> (r, g, b, alpha)."""
    v = value.strip().lower()
    v = NAMED.get(v, v)
    m = re.fullmatch(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})", v)
    if m:
        h = m.group(1)
        if len(h) in (3, 4):
            h = "".join(c * 2 for c in h)
        alpha = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha
    m = re.fullmatch(r"rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)", v)
    if m:
        def channel(s):
            return round(float(s[:-1]) * 2.55) if s.endswith("%") else round(float(s))
        a = m.group(4)
        alpha = 1.0 if a is None else (float(a[:-1]) / 100 if a.endswith("%") else float(a))
        return channel(m.group(1)), channel(m.group(2)), channel(m.group(3)), alpha
    return None


def hex_of(rgb):
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def blend(rgba, background, opacity=1.0):
    r, g, b, a = rgba
    a *= opacity
    return tuple(round(c * a + bg * (1 - a)) for c, bg in zip((r, g, b), background[:3]))


def luminance(rgb):
    def lin(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def number(value, default=1.0):
    try:
        v = value.strip()
        return float(v[:-1]) / 100 if v.endswith("%") else float(v)
    except (AttributeError, ValueError):
        return default


# ---------------------------------------------------------------- stylesheet tokens

def custom_properties(css):
    """Custom properties declared in :root blocks, with var() references resolved."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    props = {}
    for block in re.finditer(r"(?:^|})\s*:root\s*{([^}]*)}", css):
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+)", block.group(1)):
            props[name] = value.strip()

    def resolve(value, depth=0):
        if depth > 10:
            return value
        return re.sub(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)",
                      lambda m: resolve(props.get(m.group(1), m.group(2) or ""), depth + 1), value)
    return {k: resolve(v) for k, v in props.items()}


# ---------------------------------------------------------------- pages

class PageScan(html.parser.HTMLParser):
    """Collects the stylesheets a page links and, for every inline <svg>, its marks and texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stylesheets = []
        self.svg_stack = []  # (tag, attrs) of the open elements inside the current <svg>
        self.svg_count = 0
        self.items = []  # (kind, tag, colour value, opacity, svg index, description)

    def handle_starttag(self, tag, attrs):
        self._element(tag, dict(attrs), closes=False)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, dict(attrs), closes=True)

    def handle_endtag(self, tag):
        if not self.svg_stack:
            return
        for i in range(len(self.svg_stack) - 1, -1, -1):
            if self.svg_stack[i][0] == tag:
                del self.svg_stack[i:]
                break

    def _element(self, tag, attrs, closes):
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split():
            media = (attrs.get("media") or "all").lower()
            if "screen" in media or "all" in media:
                self.stylesheets.append(attrs.get("href") or "")
        if tag == "svg" and not self.svg_stack:
            self.svg_count += 1
        if tag != "svg" and not self.svg_stack:
            return
        chain = [a for _, a in self.svg_stack] + [attrs]
        in_pattern = any(t == "pattern" for t, _ in self.svg_stack)
        where = f"svg {self.svg_count} <{tag}" + "".join(
            f' {k}="{attrs[k]}"' for k in ("id", "class", "x", "y", "cx", "cy", "d", "points") if k in attrs)
        where = (where[:90] + "…") if len(where) > 90 else where + ">"
        opacity = 1.0
        for a in chain:
            opacity *= number(a.get("opacity"))
        if tag in MARK_TAGS or (tag == "line" and in_pattern):
            for prop, default in (("fill", "black" if tag != "line" else "none"), ("stroke", "none")):
                value = inherited(chain, prop, default)
                self.items.append(("mark", tag, value, opacity * number(inherited(chain, prop + "-opacity", "1")),
                                   self.svg_count, where))
        elif tag == "text":
            value = inherited(chain, "fill", "black")
            self.items.append(("text", tag, value, opacity * number(inherited(chain, "fill-opacity", "1")),
                               self.svg_count, where))
        if not closes:
            self.svg_stack.append((tag, attrs))


def inherited(chain, prop, default):
    """A presentation attribute (or a style declaration) of the element or its nearest ancestor."""
    for attrs in reversed(chain):
        style = attrs.get("style") or ""
        m = re.search(rf"(?:^|;)\s*{re.escape(prop)}\s*:\s*([^;]+)", style)
        if m:
            return m.group(1).strip()
        if prop in attrs:
            return attrs[prop]
    return default


# ---------------------------------------------------------------- checks

class Results:
    def __init__(self):
        self.checks = {}  # key -> dict(ok, line, where=set())

    def add(self, key, ok, line, where):
        entry = self.checks.setdefault(key, {"ok": ok, "line": line, "where": []})
        if where not in entry["where"]:
            entry["where"].append(where)


def check_site(root, results):
    pages = sorted(p for p in root.rglob("*.html") if p.is_file())
    if not pages:
        results.add(("nopages", str(root)), False, f"no HTML pages under {root}", str(root))
        return
    sheets = {}  # resolved path -> custom properties, or None when the file is missing
    for page in pages:
        scan = PageScan()
        scan.feed(page.read_text(encoding="utf-8"))
        scan.close()
        shown = page.as_posix()
        props = {}
        for href in scan.stylesheets:
            url = urllib.parse.urlsplit(href)
            if url.scheme or url.netloc:
                # Not a file of this folder (check_a11y.py fails a page that loads from elsewhere).
                results.add(("remote", href), True, f"stylesheet {href} is not local: its tokens are not checked here",
                            shown)
                continue
            path = (page.parent / urllib.parse.unquote(url.path)).resolve()
            if path not in sheets:
                sheets[path] = custom_properties(path.read_text(encoding="utf-8")) if path.is_file() else None
                if sheets[path] is not None:
                    check_tokens(sheets[path], results, (root / path.relative_to(root.resolve())).as_posix()
                                 if path.is_relative_to(root.resolve()) else str(path))
            if sheets[path] is None:
                results.add(("nosheet", str(path)), False, f"stylesheet {href} not found", shown)
                continue
            props.update(sheets[path])
        background_value = props.get("--pohj-color-background", "#ffffff")
        background = parse_colour(background_value)
        if background is None:
            results.add(("badtoken", "--pohj-color-background", background_value), False,
                        f"--pohj-color-background: cannot read colour {background_value!r}", shown)
            continue
        bg = blend(background, (255, 255, 255))
        for kind, tag, value, opacity, svg, where in scan.items:
            v = value.strip()
            if v.lower() in NONE_VALUES or v.lower().startswith("url("):
                continue
            if v.lower() == "currentcolor":
                v = props.get("--pohj-color-text", "#000000")
            rgba = parse_colour(v)
            place = f"{shown} {where}"
            if rgba is None:
                results.add((kind, "unreadable", v), False, f"{kind}: cannot read colour {v!r}", place)
                continue
            colour = blend(rgba, bg, opacity)
            if colour == bg:
                continue  # a knock-out or background shape, not a mark
            need = 3.0 if kind == "mark" else 4.5
            r = ratio(colour, bg)
            label = hex_of(colour) + ("" if rgba[3] * opacity >= 1 else f" (from {v} at opacity {rgba[3] * opacity:.2f})")
            what = "chart mark (WCAG 1.4.11)" if kind == "mark" else "SVG <text> (WCAG 1.4.3)"
            results.add((kind, hex_of(colour), hex_of(bg)), r >= need,
                        f"{what} {label} on {hex_of(bg)}: {r:.2f}:1, needs {need:g}:1", place)
    if not any(v is not None for v in sheets.values()):
        results.add(("nostyles", str(root)), False, f"no local stylesheet linked from the pages under {root}: "
                    "the theme tokens were not checked", str(root))


def check_tokens(props, results, sheet):
    """The theme's text colours, where the stylesheet declares them."""
    background = parse_colour(props.get("--pohj-color-background", "#ffffff")) or (255, 255, 255, 1.0)
    bg = blend(background, (255, 255, 255))
    pairs = []
    for fg in ("--pohj-color-text", "--pohj-color-muted", "--pohj-color-link", "--pohj-color-link-visited"):
        for back in ("--pohj-color-background", "--pohj-color-surface"):
            pairs.append((fg, back))
    pairs.append(("#ffffff", "--pohj-color-primary"))
    pairs.append(("--pohj-color-text", "--pohj-color-focus"))
    for fg, back in pairs:
        fg_value = fg if fg.startswith("#") else props.get(fg)
        back_value = props.get(back)
        if fg_value is None or back_value is None:
            missing = fg if fg_value is None else back
            results.add(("token", sheet, fg, back), False, f"{sheet}: token {missing} is not defined", sheet)
            continue
        f, b = parse_colour(fg_value), parse_colour(back_value)
        if f is None or b is None:
            results.add(("token", sheet, fg, back), False,
                        f"{sheet}: token {fg} on {back}: cannot read {fg_value!r} / {back_value!r}", sheet)
            continue
        b3 = blend(b, bg)
        f3 = blend(f, b3)
        r = ratio(f3, b3)
        results.add(("token", fg, back, hex_of(f3), hex_of(b3)), r >= 4.5,
                    f"text token {fg} ({hex_of(f3)}) on {back} ({hex_of(b3)}): {r:.2f}:1, needs 4.5:1", sheet)


def main(argv):
    roots = [pathlib.Path(a) for a in argv] or [pathlib.Path("Site")]
    results = Results()
    for root in roots:
        if not root.is_dir():
            results.add(("noroot", str(root)), False, f"no such folder: {root}", str(root))
            continue
        check_site(root, results)
    passed = failed = 0
    for key, entry in results.checks.items():
        where = entry["where"]
        if key[0] == "remote":
            print(f"note {entry['line']}  (on {', '.join(where[:3])}{' …' if len(where) > 3 else ''})")
            continue
        if entry["ok"]:
            passed += 1
            print(f"ok   {entry['line']}  ({len(where)} place{'s' if len(where) != 1 else ''})")
        else:
            failed += 1
            print(f"FAIL {entry['line']}")
            for w in where[:5]:
                print(f"       at {w}")
            if len(where) > 5:
                print(f"       … and {len(where) - 5} more")
    print(f"contrast: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
