"""HTML bodies rendered to text, with every link's visible text and real destination."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from honmono.mail.types import Link
from honmono.text.normalize import strip_invisible

# Lexbor's tree builder is quadratic in nesting depth (50,000 nested <div> take ~30 s).
# Pages with many tags go through a linear pass that drops tags nested deeper than
# MAX_DEPTH, keeping their text; ordinary mail (a few thousand tags) is left untouched.
MAX_DEPTH = 256
_MANY_TAGS = 4_000
# [^<>] stops at the next '<', so every match attempt is bounded by the distance to the
# next tag: the whole scan stays linear.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,30})[^<>]{0,4096}>")
_VOID = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "option", "td", "tr", "th",
])

# Where a browser breaks lines. Before parsing, each such tag gets a line mark in front of
# it (a control character no mail text contains after rendering); after, whitespace is
# collapsed as a browser renders it and the marks become line breaks. One linear pass:
# inline tags (<b>, <a>, <span>) inside a sentence no longer split it.
_LINE = "\x1e"
BLOCK_TAGS = frozenset([
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
])
# BLOCK_TAGS as a prefix tree: at each of a page's thousands of '<' the engine tries one
# or two branches instead of all 34 names (tests/core/test_html.py keeps the two equal).
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:a(?:ddress|rticle|side)|b(?:lockquote|r)|center|d(?:[dlt]|iv)"
    r"|f(?:ieldset|igure|ooter|orm)|h(?:[1-6r]|eader)|li|main|nav|ol|p(?:re)?|section"
    r"|t(?:able|[dhr])|ul)[\s/>])", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
# After _SPACES no two spaces are adjacent, so a run of line marks with single spaces in
# and around it is a mark followed by marks and spaces, once a space before a mark is gone.
_LINES = re.compile("\x1e[ \x1e]*")
# Every attribute a reader's click, a form or the page itself can send the browser to.
# SVG links carry xlink:href, which CSS attribute selectors cannot name: anchors are all
# taken and their first present attribute read.
_LINK_SELECTORS = (("a", ("href", "xlink:href"), "html"), ("area[href]", ("href",), "html"),
                   ("form[action]", ("action",), "form"),
                   ("button[formaction]", ("formaction",), "form"),
                   ("input[formaction]", ("formaction",), "form"),
                   ("img[src]", ("src",), "image"))


@dataclass(slots=True)
class Page:
    text: str
    links: list[Link] = field(default_factory=list)
    links_total: int = 0
    base: str = ""  # the <base href> the page's links were resolved against


def _flatten_deep(html: str) -> str:
    out: list[str] = []
    depth = 0
    last = 0
    for m in _TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        # Elements that close themselves implicitly (p, li, td...) never nest in practice.
        if name in _VOID or m.group(0).endswith("/>"):
            continue
        if closing:
            keep = depth <= MAX_DEPTH
            depth = max(depth - 1, 0)
        else:
            depth += 1
            keep = depth <= MAX_DEPTH
        if not keep:
            out.append(html[last:m.start()])
            last = m.end()
    out.append(html[last:])
    return "".join(out)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SPECIAL = frozenset(("http", "https", "ftp", "ws", "wss", "file"))
_C0_SPACE = "".join(map(chr, range(0x21)))


def resolve(base: str, href: str) -> str:
    """``href`` against ``<base href>`` as a browser resolves it (WHATWG URL), not as
    urljoin does: in a special scheme (http, https...) a backslash is a slash, so
    ``\\phish.example/x`` under ``https://www.amazon.co.jp/`` goes to phish.example."""
    if not base:
        return href
    href = href.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    base = base.strip(_C0_SPACE)
    bm = _SCHEME.match(base)
    special_base = bool(bm and bm.group(1).lower() in _SPECIAL)
    m = _SCHEME.match(href)
    if m:
        # WHATWG "special relative or authority": a special scheme equal to the base's,
        # not followed by two slashes, is relative to the base. Under
        # <base href="https://phish.example/">, "https:www.amazon.co.jp/x" opens
        # https://phish.example/www.amazon.co.jp/x (seen in Thunderbird 153).
        rest = href[m.end():].replace("\\", "/")
        if (not special_base or bm is None or m.group(1).lower() != bm.group(1).lower()
                or rest.startswith("//")):
            return href  # absolute: domains.parse_url reads it the browser's way
        href = rest
    if special_base and bm is not None:
        href = href.replace("\\", "/")
        base = base[:bm.end()] + base[bm.end():].replace("\\", "/")
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed base (bad IPv6 literal...) leaves the link as written
        return href


def render_html(html: str, max_links: int, base: str = "") -> Page:
    """``base``: the displayed document's base when it is set before this page (an
    earlier part's <base>, a Content-Base header): it wins over the page's own <base>,
    as the first <base href> in the document does."""
    if html.count("<") > _MANY_TAGS:
        html = _flatten_deep(html)
    tree = LexborHTMLParser(_BLOCK_TAG.sub(_LINE + "<", html.replace(_LINE, " ")))
    # <base href> changes where every relative link goes; <meta http-equiv=refresh> sends
    # the page elsewhere by itself. Both live in <head>, which is dropped below.
    base_node = tree.css_first("base[href]")
    base = base or ((base_node.attributes.get("href") or "").strip() if base_node else "")
    refresh = []
    for node in tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").strip().lower() == "refresh":
            _, sep, target = (node.attributes.get("content") or "").partition("=")
            if sep:
                refresh.append(target.strip(" '\""))
    shown_elsewhere = _not_text_nodes(tree)
    # <noscript> stays: mail is shown with scripts off, so its content is what the reader sees.
    tree.strip_tags(["script", "style", "template", "head"])
    links: list[Link] = [Link(href=resolve(base, t), text="", origin="html")
                         for t in refresh[:max_links]]
    total = len(refresh)
    for selector, attrs, origin in _LINK_SELECTORS:
        for node in tree.css(selector):
            attributes = node.attributes
            attr = next((a for a in attrs if a in attributes), None)
            if attr is None:  # an anchor without a destination (<a name=...>)
                continue
            total += 1
            if len(links) >= max_links:
                continue
            href = (attributes.get(attr) or "").strip()
            text = strip_invisible(node.text(deep=True, separator=" ", strip=True))[:500]
            text = text.replace(_LINE, " ")
            if not text:  # an image link: its image's alt text (or hover title) is what
                # the reader sees
                if node.tag == "img":  # its own (the selector below would find only it)
                    text = attributes.get("alt") or attributes.get("title") or ""
                else:
                    img = node.css_first("img[alt]") or node.css_first("img[title]")
                    text = ((img.attributes.get("alt") or img.attributes.get("title") or "")
                            if img else "")
            links.append(Link(href=resolve(base, href), text=" ".join(text.split()),
                              origin=origin))
    root = tree.body or tree.root
    raw_text = root.text(deep=True, separator="", strip=False) if root else ""
    text = collapse(raw_text)
    if shown_elsewhere:
        text = "\n".join([text, *shown_elsewhere]).strip()
    return Page(text=text, links=links, links_total=total, base=base)


# Text a reader sees that is no text node: CSS generated content (``::before { content:
# "Amazon" }``), form field values and placeholders. Strings only, no CSS evaluation: a
# rule that is never applied still says what the page can show.
_CSS_CONTENT = re.compile(r"""content\s*:\s*(?:"([^"\n]{1,500})"|'([^'\n]{1,500})')""", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
_SHOWN_ATTRS = (("input", "value"), ("input", "placeholder"), ("textarea", "placeholder"))
MAX_SHOWN = 200


def _not_text_nodes(tree: LexborHTMLParser) -> list[str]:
    out: list[str] = []
    for node in tree.css("style")[:50]:
        for m in _CSS_CONTENT.finditer((node.text() or "")[:200_000]):
            value = _CSS_ESCAPE.sub(lambda e: chr(min(int(e.group(1), 16), 0x10FFFF)),
                                    m.group(1) or m.group(2))
            if value.strip():
                out.append(value.strip())
            if len(out) >= MAX_SHOWN:
                return out
    for tag, attr in _SHOWN_ATTRS:
        for node in tree.css(f"{tag}[{attr}]"):
            if (node.attributes.get("type") or "").strip().lower() == "hidden":
                continue
            value = (node.attributes.get(attr) or "").strip()
            if value:
                out.append(value[:500])
            if len(out) >= MAX_SHOWN:
                return out
    return out


def collapse(raw_text: str) -> str:
    """Whitespace collapsed as a browser shows it, each run of line marks one line break."""
    return _LINES.sub("\n", _SPACES.sub(" ", raw_text).replace(" " + _LINE, _LINE)).strip()
