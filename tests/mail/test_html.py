"""HTML rendering: where lines break, how whitespace collapses."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from honmono.mail.html import _BLOCK_TAG, _LINE, BLOCK_TAGS, collapse, render_html

_OTHER_TAGS = ["a", "abbr", "b", "body", "button", "caption", "col", "details", "dialog",
               "em", "font", "head", "html", "i", "img", "input", "label", "span", "strong",
               "style", "tbody", "tfoot", "thead", "title", "u", "tablex", "divs", "h7", "h0",
               "pres", "brr", "mainly", "navs", "ull", "lis", "o", "l", "h", "t", "d", "f"]


def _marks(name: str) -> bool:
    return all(bool(_BLOCK_TAG.match(tag)) for tag in (f"<{name}>", f"</{name} >"))


def test_block_pattern_is_exactly_the_block_tag_set() -> None:
    names = set(_OTHER_TAGS) | set(BLOCK_TAGS)
    short = "".join(sorted(set("".join(BLOCK_TAGS)))) + "x"
    names |= {"".join(p) for n in (1, 2, 3) for p in itertools.product(short, repeat=n)}
    names |= {n[:i] for n in BLOCK_TAGS for i in range(1, len(n))}
    for name in sorted(names):
        assert _marks(name) == (name in BLOCK_TAGS), name
        assert _marks(name.upper()) == (name in BLOCK_TAGS), name
    assert _BLOCK_TAG.match("<div class=x>") and _BLOCK_TAG.match("<br/>")
    assert not _BLOCK_TAG.match("<divx>") and not _BLOCK_TAG.match("<!-- div -->")


def test_blocks_break_lines_and_inline_tags_do_not() -> None:
    page = render_html("<div>24時間<b>以内に</b><a href='https://x.example/'>確認</a></div>"
                       "<p>次の\n   段落</p><table><tr><td>A</td><td>B</td></tr></table>"
                       "<DIV>大文字</DIV>末尾", max_links=10)
    assert page.text == "24時間以内に確認\n次の 段落\nA\nB\n大文字\n末尾"


# The plain statement of the rule, which collapse() computes faster.
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_MARK_RUNS = re.compile(r"(?: ?\x1e ?)+")


@given(st.text(alphabet=st.sampled_from(["a", "あ", " ", "\n", "\t", "\u3000", _LINE])))
@settings(max_examples=1000, deadline=None)
def test_collapse_makes_each_mark_run_one_line_break(raw: str) -> None:
    assert collapse(raw) == _MARK_RUNS.sub("\n", _SPACES.sub(" ", raw)).strip()
