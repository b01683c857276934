"""The advice texts: what the user should do next, in the seeds' words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from honmono.model import Evidence, Text, Verdict

if TYPE_CHECKING:
    from honmono.checks import Context

SUMMARIES: dict[Verdict, Text] = {
    Verdict.GENUINE: Text(
        "このメールはAmazonから送信されたことが暗号技術(DKIM/DMARC)で確認できました。",
        "This mail was cryptographically verified (DKIM/DMARC) as sent by Amazon.",
    ),
    Verdict.PHISHING: Text(
        "このメールはAmazonを装ったフィッシング詐欺です。リンクを開かないでください。",
        "This mail pretends to be from Amazon: it is phishing. Do not open its links.",
    ),
    Verdict.SUSPICIOUS: Text(
        "Amazonを名乗っていますが、本物かどうか確認できませんでした。",
        "This mail claims to be from Amazon, but its authenticity could not be established.",
    ),
    Verdict.NOT_AMAZON: Text(
        "Amazonを名乗るメールではありません。",
        "This mail does not claim to be from Amazon.",
    ),
}

DONT_CLICK = Text(
    "メール内のリンクはクリックせず、返信もしないでください。",
    "Do not click the links in this mail and do not reply to it.",
)
OPEN_OFFICIAL = Text(
    "確認が必要なら、ブックマークまたはAmazon公式アプリからAmazonを開き、"
    "アカウントサービスのメッセージセンターに同じ内容があるか確かめてください。",
    "If you need to check, open Amazon from a bookmark or the official app and look for the "
    "same message in the Message Center under Your Account.",
)
MESSAGE_CENTER_GAPS = Text(
    "パスワード回復・サインイン試行・ワンタイムパスワードのメールはメッセージセンターに"
    "届かないことがあります。メッセージセンターにないだけで偽物とは限りません。",
    "Password-recovery, sign-in-attempt and one-time-password mails often do not appear in "
    "the Message Center; their absence there does not make them fake.",
)
IF_ENTERED_ACCOUNT = Text(
    "すでにパスワードを入力してしまった場合: Amazon公式サイトのアカウントサービスで"
    "パスワードを変更し、注文履歴に不審な注文がないか確認し、身に覚えのない注文があれば"
    "Amazonカスタマーサービスに連絡してください。同じパスワードを使っている他のサービスも"
    "変更してください。",
    "If you already entered your password: change it in Your Account on the official Amazon "
    "site, check your order history for orders you did not place and report them to Amazon "
    "Customer Service. Change the password of every other service that used the same one.",
)
IF_ENTERED_CARD = Text(
    "カード番号を入力してしまった場合: すぐにカード発行会社(カード裏面の電話番号)に"
    "フィッシングサイトで入力したことを伝え、利用停止や再発行の案内に従ってください。",
    "If you entered a card number: call the card issuer now (the number on the back of the "
    "card), say it was entered on a phishing site, and follow their advice on blocking it.",
)
TWO_STEP = Text(
    "2段階認証を認証アプリで有効にしてください(アカウントサービス → ログインとセキュリティ)。"
    "認証コードはAmazon公式サイトとアプリ以外では入力しないでください。",
    "Turn on two-step verification with an authenticator app (Your Account → Login & "
    "security). Never type a verification code anywhere but Amazon's own site or app.",
)
GENUINE_CHECK = Text(
    "本物のメールでも、リンクはクリックせず「https://www.amazon.co.jp」で始まるURLを"
    "コピーしてブラウザに貼り付けるか、公式アプリから操作するのが安全です。",
    "Even for genuine mail it is safest not to click: paste the URL that starts with "
    "\"https://www.amazon.co.jp\" into the browser, or use the official app.",
)
NOTICE_NOT_YOU = Text(
    "日時・デバイス・場所に心当たりがなければ、第三者があなたのパスワードを知っている"
    "可能性があります。公式アプリかブックマークからAmazonを開いてパスワードを変更してください。"
    "確認コードは誰にも教えないでください。",
    "If you do not recognise the date, device or place, someone may know your password: "
    "open Amazon from the app or a bookmark and change it. Never share the verification code.",
)
OTP_NOT_YOU = Text(
    "自分で操作していないのにワンタイムパスワードが届いた場合は、第三者がパスワードを"
    "知っている可能性があります。コードは誰にも教えず、公式アプリかブックマークから"
    "Amazonを開いてパスワードを変更してください。",
    "If a one-time password arrives that you did not ask for, someone may know your "
    "password: never share the code, and change the password from the app or a bookmark.",
)
SUSPICIOUS_WAIT = Text(
    "本物と確認できるまでリンクを開かず、個人情報を入力しないでください。",
    "Until it is confirmed genuine, do not open its links or enter any personal details.",
)


def advice_for(verdict: Verdict, ctx: Context, evidence: Iterable[Evidence]) -> list[Text]:
    notice = ctx.details.get("notice")
    if verdict is Verdict.NOT_AMAZON:
        return []
    if verdict is Verdict.PHISHING:
        return [DONT_CLICK, OPEN_OFFICIAL, IF_ENTERED_ACCOUNT, IF_ENTERED_CARD, TWO_STEP]
    if verdict is Verdict.SUSPICIOUS:
        out = [SUSPICIOUS_WAIT, OPEN_OFFICIAL]
        if notice and notice.get("kind"):
            out.append(MESSAGE_CENTER_GAPS)
        return [*out, IF_ENTERED_ACCOUNT, TWO_STEP]
    out = [GENUINE_CHECK]
    if notice:
        # A one-time password mail has no date, device or place to judge.
        if notice.get("kind") != "one_time_password":
            out.append(NOTICE_NOT_YOU)
        else:
            out.append(OTP_NOT_YOU)
        out += [MESSAGE_CENTER_GAPS, TWO_STEP]
    return out
