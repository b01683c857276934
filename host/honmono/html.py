"""HTML bodies rendered to text, with every link's visible text and real destination."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

_LINK_SELECTORS = (("a[href]", "href", "html"), ("area[href]", "href", "html"),
                   ("form[action]", "action", "form"))


@dataclass(slots=True)
class Page:
    text: str
    links: list = field(default_factory=list)
    links_total: int = 0


def render_html(html: str, max_links: int) -> Page:
    from honmono.message import Link, strip_invisible

    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "head"])
    links: list[Link] = []
    total = 0
    for selector, attr, origin in _LINK_SELECTORS:
        for node in tree.css(selector):
            total += 1
            if len(links) >= max_links:
                continue
            href = (node.attributes.get(attr) or "").strip()
            text = strip_invisible(node.text(deep=True, separator=" ", strip=True))[:500]
            if not text:
                img = node.css_first("img[alt]")
                text = (img.attributes.get("alt") or "") if img else ""
            links.append(Link(href=href, text=" ".join(text.split()), origin=origin))
    root = tree.body or tree.root
    raw_text = root.text(deep=True, separator="\n", strip=True) if root else ""
    text = "\n".join(line for line in (ln.strip() for ln in raw_text.splitlines()) if line)
    return Page(text=text, links=links, links_total=total)
