"""An admin's request in words read (knowledge.text.admin_words): revoke, grant, price fix."""

from __future__ import annotations

import pytest

from knowledge.text.admin_words import AdminAsk, admin_words


@pytest.mark.parametrize(
    ("text", "person", "user_id"),
    [
        ("把李站长的权限撤了", "李站长", None),  # the sandbox walk's
        ("撤销李站长的权限", "李站长", None),
        ("取消赵师傅的工作人员身份", "赵师傅", None),
        ("把孙会计的管理员拿掉", "孙会计", None),
        ("把20001的权限撤掉", None, 20001),
        ("把他的站长撤了", None, None),
    ],
)
def test_revoking_someone(text: str, person: str | None, user_id: int | None) -> None:
    said = admin_words(text)
    assert said is not None and said.ask is AdminAsk.revoke
    assert (said.person, said.user_id) == (person, user_id)


@pytest.mark.parametrize(
    ("text", "person", "user_id", "role", "station"),
    [
        ("给张三开个工作人员权限", "张三", None, "staff", None),
        ("让赵师傅当东关站的工作人员", "赵师傅", None, "staff", "东关站"),
        ("把10005设成管理员", None, 10005, "admin", None),
        ("授权王五为sg02的站长", "王五", None, "staff", "SG02"),
    ],
)
def test_granting_someone(
    text: str, person: str | None, user_id: int | None, role: str, station: str | None
) -> None:
    said = admin_words(text)
    assert said is not None and said.ask is AdminAsk.grant
    assert (said.person, said.user_id, said.role, said.station) == (person, user_id, role, station)


@pytest.mark.parametrize(
    ("text", "product", "price", "day"),
    [
        ("昨天寿光大蒜的价打错了，应该是3块1", "大蒜", "3.1", "昨天"),  # the sandbox walk's
        ("新发地西红柿的价格录错了，改成2.8", "西红柿", "2.8", None),
        ("前天的白菜价格不对，应该是八毛", "大白菜", "0.8", "前天"),
        ("12月5号寿光大蒜价格写错了 应该是3元1角", "大蒜", "3.1", "12月5号"),
        ("大蒜价格打错了", "大蒜", None, None),
        ("the garlic price yesterday was wrong, should be 3.1", "大蒜", "3.1", "yesterday"),
    ],
)
def test_correcting_a_price(text: str, product: str, price: str | None, day: str | None) -> None:
    said = admin_words(text)
    assert said is not None and said.ask is AdminAsk.price
    assert (said.product, said.price, said.day) == (product, price, day)


@pytest.mark.parametrize(
    "text",
    [
        "西红柿多少钱一斤",
        "番茄叶子发黄怎么办",
        "这个价格不对吧",
        "取消预约",
        "我的权限是什么",
        "/revoke 20001",
        "",
    ],
)
def test_other_words_are_not_requests(text: str) -> None:
    assert admin_words(text) is None


@pytest.mark.parametrize(
    ("text", "product", "price", "unit", "day"),
    [
        # Sandbox walk: the admin's report of a day's price got a knowledge entry.
        ("西红柿今天新发地3块5一斤", "西红柿", "3.5", "斤", "今天"),
        ("寿光大蒜2块8", "大蒜", "2.8", None, None),
        ("江桥白菜2块4一公斤", "大白菜", "2.4", "公斤", None),
        ("xinfadi tomato 3.5 yuan per jin today", "西红柿", "3.5", "斤", "today"),
    ],
)
def test_a_days_price_said(
    text: str, product: str, price: str, unit: str | None, day: str | None
) -> None:
    said = admin_words(text)
    assert said is not None and said.ask is AdminAsk.price and said.new
    assert (said.product, said.price, said.unit, said.day) == (product, price, unit, day)


@pytest.mark.parametrize(
    "text",
    [
        "西红柿3块5一斤贵不贵",  # asked
        "西红柿多少钱一斤",
        "西红柿涨到3块5提醒我",  # an alert
        "我的西红柿3块5一斤卖给你",  # a sale
        "收西红柿3块5一斤",
        "三块五一斤",  # no product
    ],
)
def test_a_price_asked_or_wished_is_no_report(text: str) -> None:
    said = admin_words(text)
    assert said is None or not said.new


def test_a_correction_keeps_its_unit() -> None:
    said = admin_words("大蒜的价格录错了，应该是3块1一公斤")
    assert said is not None and not said.new and said.unit == "公斤"
