"""Issue 14, attacker round 3: HTML links go where Thunderbird 153 sends them.

Percent-encoded and userinfo-laden authorities, numeric IPv4 hosts, trailing dots,
fullwidth dots, image-map areas, SVG links, submit buttons and <base> outside <head>
(tests/shapes_r14.py; the hosts were read from the displayed document in Thunderbird).
"""

from __future__ import annotations

import pytest
from shapes_r14 import LINK_SHAPES, Shape

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail.parse import parse
from honmono.net.domains import parse_url, to_ascii


@pytest.mark.parametrize(("shape", "hosts"), LINK_SHAPES, ids=[s.key for s, _ in LINK_SHAPES])
def test_every_host_thunderbird_opens_is_judged(shape: Shape, hosts: list[str]) -> None:
    # A trailing dot names the same host (Honmono drops it). The form shape also keeps
    # the form's own action, a destination too.
    ours = {to_ascii(link.host) for link in parse(shape.raw).links if link.host}
    assert {h.rstrip(".") for h in hosts} <= ours


@pytest.mark.parametrize(("shape", "hosts"), LINK_SHAPES, ids=[s.key for s, _ in LINK_SHAPES])
def test_amazon_page_to_those_hosts_is_phishing(shape: Shape, hosts: list[str]) -> None:
    assert analyse(shape.raw, Settings(offline=True)).verdict is Verdict.PHISHING


@pytest.mark.parametrize(("url", "host"), [
    ("http://3232235777/ap", "192.168.1.1"),
    ("http://0300.0xa8.0.01/", "192.168.0.1"),
    ("http://0xC0A80101/", "192.168.1.1"),
    ("http://192.168.257/", "192.168.1.1"),
])
def test_numeric_ipv4_host_is_named_as_the_browser_shows_it(url: str, host: str) -> None:
    u = parse_url(url)
    assert (u.host, u.ip) == (host, host)


def test_not_an_ipv4_number_is_left_alone() -> None:
    u = parse_url("http://999999999999/")
    assert u.ip is None and not u.valid
