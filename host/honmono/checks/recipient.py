"""Recipient: was the mail sent to an address the user registered with Amazon?

Seed 003: scammers send to every address they have; "an address not registered with
Amazon cannot receive real Amazon mail". With the user's registered addresses:

- a To/Cc address equals a registered address → PASS;
- none does → FAIL, RED_FLAG. Amazon writes the registered address into To; Delivered-To
  names the mailbox the mail finally landed in (after aliases and forwarding), so it is
  not what Amazon addressed and is not used for the match.
- To/Cc empty (Bcc, "undisclosed-recipients:;") → FAIL, RED_FLAG: real Amazon mail is
  addressed to the registered address, never blind-copied.

Comparison is case-insensitive. Plus-addressing (taro+amazon@example.jp) is a feature, not
noise: a user who registered a tagged address gets real Amazon mail only at that exact
address, so mail to the bare or a differently tagged address is a mismatch (RED_FLAG).
The reverse — the user listed the bare address and mail came to a tag of it — is only a
WARN/DOUBT, because the user may have registered the tag and listed the base. Gmail
ignores dots in the local part, so for gmail.com/googlemail.com dots are ignored too (a
user cannot tell which spelling they gave Amazon).

Without registered addresses: no visible recipient or several recipients in To/Cc →
WARN, DOUBT (Amazon writes to one customer at a time); otherwise INFO.
"""

from __future__ import annotations

from honmono.auth.delivery import delivered_addresses
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Signal, Status, Text, Verdict
from honmono.mail.addresses import parse as parse_addresses

_DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
MAX_HEADER = 20_000
MAX_ADDRESSES = 200


def normalise(addr: str) -> str:
    """Compare-form of an address: lower-cased, Gmail dots removed, plus tag kept."""
    addr = addr.strip().strip("<>").lower()
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    domain = domain.strip(".")
    if domain in _DOTLESS_DOMAINS:
        domain = "gmail.com"
        local = local.replace(".", "")
    return f"{local}@{domain}"


def untagged(addr: str) -> str:
    local, at, domain = addr.partition("@")
    return f"{local.split('+', 1)[0]}{at}{domain}"


def _visible_recipients(ctx: Context) -> list[str]:
    """Addresses in To and Cc (the sender-written ones), for the Bcc / many-recipients test."""
    values = [v[:MAX_HEADER] for v in ctx.msg.header_all("To") + ctx.msg.header_all("Cc")]
    # Thunderbird's grammar (addresses.py), as for every address header.
    found = [a for v in values for _, a in parse_addresses(v)]
    out = [a.strip() for a in found[:MAX_ADDRESSES] if "@" in a]
    return list(dict.fromkeys(normalise(a) for a in out))


def _hidden(b: str) -> Evidence:
    return Evidence(
        id="recipient.hidden",
        category=Category.RECIPIENT,
        status=Status.WARN,
        title=Text("宛先が隠されています(Bcc)", "The recipients are hidden (Bcc)"),
        detail=Text(
            "宛先(To/Cc)にアドレスがなく、Bccや「undisclosed-recipients」で送られています。"
            f"{b}は登録されたアドレスを宛先にして1通ずつ送ります。",
            "To and Cc hold no address: the mail went out as Bcc or to "
            f"“undisclosed-recipients”. {b} writes to each customer's registered address.",
        ),
        source="To/Cc",
        signal=Signal.DOUBT,
    )


def _many(n: int, b: str) -> Evidence:
    return Evidence(
        id="recipient.many",
        category=Category.RECIPIENT,
        status=Status.WARN,
        title=Text("複数の宛先に同時に送られています",
                   "It was sent to several recipients at once"),
        detail=Text(
            f"To/Ccに{n}件のアドレスがあります。{b}からの通知は"
            "1人の登録アドレスだけに届きます。",
            f"To and Cc hold {n} addresses. {b}'s notices go to one customer's "
            "registered address only.",
        ),
        source="To/Cc",
        signal=Signal.DOUBT,
    )


def _unregistered(shown: str, extra: Text, b: str, proven: bool = False) -> Evidence:
    """``proven``: Amazon's signature holds, so this is Amazon's mail to someone else
    replayed to the user: never genuine (a ceiling)."""
    return Evidence(
        id="recipient.unregistered",
        category=Category.RECIPIENT,
        status=Status.FAIL,
        title=Text(f"{b}に登録したアドレス宛ではありません",
                   f"It is not addressed to your {b}-registered address"),
        detail=Text(
            f"宛先({shown})は、{b}に登録したアドレスとして設定されていません。"
            f"{b}に登録していないアドレスに本物の{b}のメールは届きません。" + extra.ja,
            f"The recipients ({shown}) are not the address you registered with {b}. An "
            f"address not registered with {b} cannot receive real {b} mail." + extra.en,
        ),
        source="To/Cc",
        signal=Signal.RED_FLAG,
        ceiling=Verdict.SUSPICIOUS if proven else None,
    )


def _replayed_elsewhere(visible: list[str], delivered: list[str], b: str) -> Evidence:
    shown = ", ".join(visible[:3]) or "Bcc"
    went = ", ".join(delivered[:3])
    return Evidence(
        id="recipient.replayed_elsewhere",
        category=Category.RECIPIENT,
        status=Status.FAIL,
        title=Text(f"{b}が別の人に送ったメールです",
                   f"{b} sent this mail to someone else"),
        detail=Text(
            f"{b}の署名付きの宛先は {shown} ですが、このメールが届いたのは {went} です。"
            f"他人宛の本物のメールを転送・再送したもので、あなたへの{b}からの連絡ではありません。"
            f"{b}に登録したアドレスを設定すると、より確実に確認できます。",
            f"{b}'s signed recipient is {shown}, but the mail was delivered to {went}. A "
            f"genuine mail to someone else was re-sent to you: it is not {b} writing to you. "
            f"Enter the address registered with {b} in the options for a firmer check.",
        ),
        source="To / Delivered-To",
        signal=Signal.DOUBT,
        ceiling=Verdict.SUSPICIOUS,
    )


def check(ctx: Context) -> list[Evidence]:
    visible = _visible_recipients(ctx)
    registered = [normalise(a) for a in ctx.settings.addresses if "@" in a]
    b = ctx.brand.name
    # Amazon's signature holds: the recipient is what tells a replay to someone else.
    proven = bool(ctx.authenticated_domains)
    if not registered:
        out: list[Evidence] = []
        delivered = ([normalise(a) for a in
                      delivered_addresses(ctx.msg, ctx.settings.trust_authserv)]
                     if proven else [])
        if delivered and not set(delivered) & set(visible):
            out.append(_replayed_elsewhere(visible, delivered, b))
        if not visible:
            out.append(_hidden(b))
        elif len(visible) > 1:
            out.append(_many(len(visible), b))
        out.append(Evidence(
            id="recipient.no_addresses",
            category=Category.RECIPIENT,
            status=Status.INFO,
            title=Text("宛先の確認には登録アドレスの設定が必要です",
                       f"Set your {b} e-mail address to enable this check"),
            detail=Text(
                f"{b}に登録していないアドレスに本物の{b}のメールは届きません。設定で"
                f"{b}に登録したメールアドレスを入力すると、宛先で偽物を見分けられます。",
                f"Real {b} mail only reaches the address registered with {b}. Enter it in "
                "the options and Honmono will flag mail sent anywhere else.",
            ),
            source="settings.addresses",
        ))
        return out

    if not visible:
        return [_unregistered(
            "Bcc / undisclosed-recipients",
            Text("このメールは宛先を隠して(Bccで)送られています。",
                 " It was sent with the recipients hidden (Bcc)."),
            b, proven,
        )]
    reg_set = set(registered)
    matched = [a for a in visible if a in reg_set]
    if matched:
        out = [Evidence(
            id="recipient.registered",
            category=Category.RECIPIENT,
            status=Status.PASS,
            title=Text(f"{b}に登録したアドレス宛です",
                       f"It was sent to your {b}-registered address"),
            detail=Text(
                f"宛先 {matched[0]} は、{b}に登録したアドレスとして設定されています"
                "(宛先は送信者が自由に書けるため、これだけでは本物と断定できません)。",
                f"The recipient {matched[0]} is the address you registered with {b} (the "
                "sender writes this header, so it proves nothing alone).",
            ),
            source="To/Cc",
        )]
        if len(visible) > 1:
            out.append(_many(len(visible), b))
        return out

    tagged_variant = [a for a in visible if "+" in a.partition("@")[0] and untagged(a) in reg_set]
    if tagged_variant:
        return [Evidence(
            id="recipient.tag_variant",
            category=Category.RECIPIENT,
            status=Status.WARN,
            title=Text("登録アドレスの「+」付きの別名宛です",
                       "It was sent to a plus-tagged variant of your address"),
            detail=Text(
                f"宛先は {tagged_variant[0]} で、設定したアドレスそのものではありません。"
                f"{b}にこの「+」付きアドレスを登録しているなら、設定に追加してください。",
                f"It was sent to {tagged_variant[0]}, not to the address you listed. If this "
                f"tagged address is the one registered with {b}, add it in the options.",
            ),
            source="To/Cc",
            signal=Signal.DOUBT,
        )]

    base_match = [a for a in visible if any(untagged(a) == untagged(r) for r in registered)]
    extra = Text("", "")
    if base_match:
        extra = Text(
            f"登録アドレスは「+」付きの別名ですが、このメールは {base_match[0]} 宛です。"
            f"{b}が知っているのは登録した別名だけです。",
            f" You registered a plus-tagged alias, but this went to {base_match[0]}; {b} "
            "only knows the alias.",
        )
    return [_unregistered(", ".join(visible[:3]), extra, b, proven)]
