"""An admin's request typed in words: take someone's role away, give one, correct or enter a price.

Telegram-free and pure. Sandbox walk: 把李站长的权限撤了 and 昨天寿光大蒜的价打错了，应该是3块1
got the knowledge base's "no answer yet" from an admin. These are read here into what the
command needs (the person, the role, the product, the price, the day) so the handler can
answer with the command to send, filled in as far as the words go. Markets and people are
the database's: the handler looks the words up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text.lexicon import lexicon
from knowledge.text.numbers import parse_price


class AdminAsk(StrEnum):
    """What an admin's words ask for."""

    revoke = "revoke"
    grant = "grant"
    price = "price"


@dataclass(frozen=True)
class AdminWords:
    """An admin's request as read; None fields were not said."""

    ask: AdminAsk
    person: str | None = None  # the name as said (李站长)
    user_id: int | None = None  # a Telegram id typed in the words
    role: str | None = None  # grant: "staff" or "admin"
    station: str | None = None  # grant: a station id (SG01) or name words (东关站)
    product: str | None = None  # price: the product's canonical name
    price: str | None = None  # price: yuan, as /price takes it (3.1)
    day: str | None = None  # price: the day as said (昨天, 12月5号)
    unit: str | None = None  # price: 斤 or 公斤 when said with it (3块5一斤)
    new: bool = False  # price: said as the day's price (西红柿今天新发地3块5一斤), not corrected


# A role, or "the powers" of one.
_ROLE = re.compile(
    r"权限|身份|职务|资格|站长|工作人员|管理员|\bstaff\b|\badmin\b|\brole\b|\brights\b", re.I
)
_REVOKE = re.compile(
    r"撤销|撤掉|撤了|撤下|撤职|撤|取消|收回|去掉|拿掉|免去|免了|罢免|删掉|删了|停掉|停了|"
    r"\brevoke\b|\bremove\b|\btake away\b",
    re.I,
)
_GRANT = re.compile(
    r"授权|任命|开通|开个|开一个|给个|加为|加成|设为|设成|改为|改成|升为|提为|成为|当|做|"
    r"\bgrant\b|\bmake\b",
    re.I,
)
_ID = re.compile(r"(?<!\d)(\d{5,12})(?!\d)")
_NAME = r"(?P<n>[^\s，,。.！!？?的\d]{1,8}?)"
# Where a person's name stands: 把李站长的…, 撤销李站长的…, 让赵师傅当…, 给张三开….
_PERSON = (
    re.compile(rf"把{_NAME}(?:的|设|改|升|提|撤|加|任|从|给|免|取消|去掉|拿掉)"),
    re.compile(
        rf"(?:撤销|撤掉|取消|收回|去掉|拿掉|免去|罢免|授权|任命|给|让){_NAME}"
        r"(?:的|当|做|为|开|成为|权限|身份|职务)"
    ),
)
_NOT_NAMES = frozenset(
    {"他", "她", "他们", "她们", "这个人", "那个人", "这人", "那人", "我", "我们"}
)
_STATION_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,4}\d{1,4})(?![A-Za-z0-9])")
# A station named in words right before its role: 当东关站的工作人员, 做孙家集站站长.
_STATION_WORDS = re.compile(
    r"(?:当|做|为|在|到|是)(?P<s>[\u4e00-\u9fff]{2,12}?站)的?(?:工作人员|站长)"
)
# A bare amount (改成2.8): the price reader wants a 块 or 元 to take a number for a price.
_AMOUNT = re.compile(r"(?<![\d.])(\d{1,4}(?:\.\d{1,2})?)(?![\d.])")
# A price said to be wrong, or to be changed.
_FIX = re.compile(
    r"打错|错了|写错|录错|填错|输错|搞错|弄错|不对|改一下|改成|改为|改一改|更正|纠正|修改|修正|"
    r"应该是|应为|\bwrong\b|\bshould be\b|\bcorrect\b",
    re.I,
)
_PRICE_CUE = re.compile(r"价|行情|块|元|毛|\bprice\b|\byuan\b", re.I)
# The corrected price comes after these (应该是3块1): not a number said before it.
_NEW_PRICE = re.compile(r"(?:应该是|应为|改成|改为|改到|是|should be|to)\s*(?P<p>.+)$", re.I)
_DAY = re.compile(
    r"大前天|前天|昨天|昨日|今天|今日|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}月\d{1,2}[日号]?|"
    r"\byesterday\b|\btoday\b",
    re.I,
)


def admin_words(text: str) -> AdminWords | None:
    """What an admin asks in `text` (revoke, grant, correct a price), or None."""
    said = text.strip()
    if not said or said.startswith("/"):
        return None
    price = _price_fix(said) or _price_said(said)
    if price is not None:
        return price
    if not _ROLE.search(said):
        return None
    if _REVOKE.search(said):
        return AdminWords(AdminAsk.revoke, person=_person(said), user_id=_user_id(said))
    if _GRANT.search(said):
        return AdminWords(
            AdminAsk.grant,
            person=_person(said),
            user_id=_user_id(said),
            role="admin" if re.search(r"管理员|\badmin\b", said, re.I) else "staff",
            station=_station(said),
        )
    return None


def _user_id(text: str) -> int | None:
    found = _ID.search(text)
    return int(found.group(1)) if found else None


def _person(text: str) -> str | None:
    for pattern in _PERSON:
        for found in pattern.finditer(text):
            name = found.group("n")
            if name not in _NOT_NAMES and not _ROLE.fullmatch(name):
                return name
    return None


def _station(text: str) -> str | None:
    code = _STATION_CODE.search(text)
    if code is not None:
        return code.group(1).upper()
    words = _STATION_WORDS.search(text)
    return words.group("s") if words is not None else None


# A price said as a report (西红柿今天新发地3块5一斤) is not one asked (多少, 吗), wished for in an
# alert (涨到3块提醒我), nor a farmer's sale or purchase (3块5一斤卖给你).
_ASKED = re.compile(
    r"多少|几|吗|么|嘛|呢|啥|什么|怎么|咋|？|\?|能不能|行不行|贵不贵|划算"
    r"|\b(?:how|what|is it|does|do|can|should|will)\b",
    re.I,
)
_NOT_A_REPORT = re.compile(
    r"卖|买|收|提醒|订阅|通知|告诉|如果|要是|到了|跌|涨|低于|高于|超过|以上|以下|想|要"
    r"|\b(?:sell|buy|alert|remind|notify|tell|if|when|below|above|under|over)\b",
    re.I,
)
# A report is short: a long message with a price in it is a story or a question.
_REPORT_CHARS = 40


def _price_said(text: str) -> AdminWords | None:
    """西红柿今天新发地3块5一斤 from an admin: the day's price to enter with /price."""
    if len(text) > _REPORT_CHARS or _ASKED.search(text) or _NOT_A_REPORT.search(text):
        return None
    products = lexicon().find_products(text)
    read = parse_price(text)
    if not products or read is None or read.yuan <= 0:
        return None
    day = _DAY.search(text)
    return AdminWords(
        AdminAsk.price,
        product=products[0],
        price=f"{read.yuan:g}",
        day=day.group(0) if day is not None else None,
        unit=read.unit,
        new=True,
    )


def _price_fix(text: str) -> AdminWords | None:
    if not (_FIX.search(text) and _PRICE_CUE.search(text)):
        return None
    products = lexicon().find_products(text)
    tail = _NEW_PRICE.search(text)
    # The new price is the one said after 应该是 / 改成; without those, the only one said.
    read = parse_price(tail.group("p")) if tail is not None else parse_price(text)
    price = f"{read.yuan:g}" if read is not None else None
    unit = read.unit if read is not None else None
    if price is None and tail is not None:
        amount = _AMOUNT.search(tail.group("p"))
        price = amount.group(1) if amount is not None else None
    if not products and price is None:
        return None
    day = _DAY.search(text)
    return AdminWords(
        AdminAsk.price,
        product=products[0] if products else None,
        price=price,
        day=day.group(0) if day is not None else None,
        unit=unit,
    )
