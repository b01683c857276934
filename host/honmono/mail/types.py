"""What the parser hands the checks: addresses, links and the parsed message.

Apart from the parser so that the HTML renderer and the checks can name these types
without importing the parser (and the parser the renderer, lazily) in a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from honmono.text.normalize import fold


@dataclass(frozen=True, slots=True)
class Address:
    display: str
    addr: str

    @property
    def domain(self) -> str:
        # NFKC as IDNA/UTS 46 maps it: a browser reads "𝐚𝐦𝐚𝐳𝐨𝐧.𝐝𝐞" as amazon.de.
        _, _, dom = self.addr.rpartition("@")
        return fold(dom).strip().strip(".")


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    # "html" (an <a href>), "text" (a URL written in the text), "form", "image", "header"
    # (a URL the message header offers: headerlinks)
    origin: str

    @property
    def host(self) -> str:
        return url_host(self.href)


@dataclass(slots=True)
class ParsedMessage:
    raw: bytes
    headers: list[tuple[str, str]]
    subject: str = ""
    from_: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    # Where Thunderbird's Reply and Reply All go besides Reply-To (replytargets.py).
    mail_reply_to: list[Address] = field(default_factory=list)
    mail_followup_to: list[Address] = field(default_factory=list)
    sender_field: list[Address] = field(default_factory=list)
    # Raw values (encoded words not decoded) of the headers that name where answers go,
    # lower-case name → values top first: replytargets reads them with Thunderbird's grammar.
    address_raw: dict[str, list[str]] = field(default_factory=dict)
    return_path: str = ""
    recipients: list[Address] = field(default_factory=list)
    text: str = ""  # visible text of all text parts, plain first, HTML rendered to text
    html_present: bool = False
    links: list[Link] = field(default_factory=list)
    links_total: int = 0
    # Links of a text/plain rendering that an HTML alternative replaces on screen.
    unshown_links: list[Link] = field(default_factory=list)
    parts: int = 0
    defects: list[str] = field(default_factory=list)
    # The From of each attached mail (message/rfc822), decoded: Thunderbird shows an
    # attached mail inline under its own header, so a forward-as-attachment names its
    # original sender the way an inline forward's "From:" line does.
    forwarded_from: list[str] = field(default_factory=list)
    # File names of the parts that are not body text (attachments, inline images), decoded:
    # Thunderbird shows them, so a name is something the mail says.
    file_names: list[str] = field(default_factory=list)

    def header_all(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    def header(self, name: str) -> str:
        values = self.header_all(name)
        return values[0] if values else ""

    @property
    def sender(self) -> Address | None:
        return self.from_[0] if self.from_ else None


def url_host(url: str) -> str:
    """The host a browser would contact for ``url`` (userinfo removed), lower-cased.

    Parsed as browsers parse (WHATWG), not as urllib does: for
    ``https://www.amazon.co.jp\\@evil/`` a browser goes to www.amazon.co.jp.
    """
    from honmono.net.domains import parse_url

    return parse_url(url).host
