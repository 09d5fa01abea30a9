"""What farmers read: price answers, buyers and offers, in Chinese and English."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.core.i18n import t
from bot.markets.demand import Listing, Riser
from bot.markets.prices import Place, PriceAnswer, PriceRow
from bot.markets.supply import OfferView
from bot.models.markets import OfferStatus
from handlers.render import demand as demand_view
from handlers.render import prices as view
from handlers.render import supply as supply_view

TODAY = date(2026, 11, 28)


def _row(
    market: str,
    price: float,
    day: date,
    change: float | None,
    unit: str = "斤",
    distance: float | None = None,
) -> PriceRow:
    return PriceRow(
        1,
        market,
        "北京",
        distance,
        day,
        price,
        price * 0.9,
        price * 1.1,
        unit,
        price * (2 if unit == "公斤" else 1),
        change,
        (TODAY - day).days,
    )


def test_fresh_answer_with_distances_and_changes() -> None:
    answer = PriceAnswer(
        "西红柿",
        2,
        "斤",
        Place("home", "", 39.9, 116.4),
        TODAY,
        [
            _row("新发地", 2.7, TODAY, 14.89, distance=8.4),
            _row("江桥", 2.7, TODAY, -3.2, unit="公斤", distance=1067.0),
            _row("哈达", 2.45, date(2026, 11, 23), 0.2, distance=1050.0),
        ],
    )
    text = view.price_text("zh", answer)
    assert text.splitlines()[0] == "💰 西红柿 批发价（元/斤）"
    assert "📍 新发地（离您约 8 公里）" in text
    assert "   均价 2.70　最低 2.43　最高 2.97" in text
    assert "   11月28日　比7天前 ↑14.9%" in text
    assert "比7天前 ↓3.2%" in text and "（市场按公斤报价：5.40 元/公斤）" in text
    assert "11月23日　和7天前差不多" in text and "⚠️ 这是5天前的价格" in text
    assert t("zh", "prices.share_location") not in text
    markup = view.price_keyboard("zh", answer)
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == "px:c:2:j:1.1.1"


def test_stale_answer_in_english_per_kg() -> None:
    answer = PriceAnswer(
        "西红柿", 2, "公斤", Place("national"), TODAY, [_row("哈达", 4.9, date(2026, 11, 23), None)]
    )
    text = view.price_text("en", answer)
    assert text.splitlines()[0] == "💰 tomato wholesale price (yuan/kg)"
    assert "Nov 23  no earlier price to compare with" in text
    assert t("en", "prices.stale", days=5) in text
    assert t("en", "prices.share_location") in text


def test_no_data_and_fallback() -> None:
    empty = PriceAnswer("莲藕", 50, "斤", Place("national"), TODAY, [])
    assert view.price_text("zh", empty) == t("zh", "prices.no_data", product="莲藕")
    assert view.price_keyboard("zh", empty) is None
    moved = PriceAnswer(
        "土豆",
        1,
        "斤",
        Place("market", "江桥"),
        TODAY,
        [_row("新发地", 1.2, TODAY, 0.0)],
        fallback=True,
    )
    assert t("zh", "prices.fallback", place="江桥", product="土豆") in view.price_text("zh", moved)


def test_listings_risers_and_offers() -> None:
    listing = Listing(
        1, "武汉中百", "土豆", 30, "吨", None, "斤", "湖北武汉", None, date(2026, 12, 5), "站转"
    )
    text = demand_view.listings_text("zh", [listing], "土豆", located=False)
    assert "   收 土豆 30吨，价格面议" in text and "   有效到 12月5日　湖北武汉" in text
    assert t("zh", "demand.location_hint") in text
    # Blind tester: 「有效到 1月31日　」 with a trailing ideographic space when no place.
    bare = Listing(2, "糖厂", "甘蔗", 50, "吨", 0.5, "斤", "", None, date(2027, 1, 31), "站")
    for lang, line in (("zh", "   有效到 1月31日"), ("en", "   open until")):
        said = demand_view.listings_text(lang, [bare], "甘蔗", located=True).splitlines()
        until = next(s for s in said if s.startswith(line))
        assert until == until.rstrip() and not until.endswith("\u3000"), repr(until)
    # 边度收番茄: the header names the product as said (收购番茄（西红柿）的买家), the lines as listed.
    tomato = replace(listing, product="西红柿")
    for lang, header in (
        ("zh", "🛒 收购番茄（西红柿）的买家："),
        ("en", "🛒 Buyers of tomato (番茄):"),
    ):
        named = view.said_label(lang, "西红柿", "番茄")
        said = demand_view.listings_text(lang, [tomato], "西红柿", False, named).splitlines()
        assert said[0] == header and "番茄" not in "".join(said[1:])
    risers = demand_view.risers_text("en", [Riser("玉米", 3, 12.34, 1.48, 4)], located=True)
    assert "1. corn  ↑12.3%  about 1.48 yuan/jin" in risers
    offer = OfferView(
        7,
        10001,
        "张大爷",
        "zhang",
        "玉米",
        2000,
        "斤",
        date(2026, 12, 1),
        1.2,
        "斤",
        None,
        OfferStatus.open,
        datetime(2026, 11, 28, tzinfo=UTC),
    )
    listed = supply_view.offers_text("zh", [offer], 1, TODAY)
    # The farmer's name opens a chat with them (sandbox walk: /offers had no way to reach them).
    assert (
        '#7 <a href="tg://user?id=10001">张大爷</a> @zhang：玉米 2000斤，12月1日，1.20 元/斤'
        "（未分配服务站）" in listed
    )
    assert listed.endswith(t("zh", "offers.contact_hint"))
    # A name is the farmer's own words: escaped, never markup.
    odd = replace(offer, farmer_name="<b>王&李</b>", farmer_username=None)
    assert (
        '<a href="tg://user?id=10001">&lt;b&gt;王&amp;李&lt;/b&gt;</a>：'
        in supply_view.offers_text("zh", [odd], 1, TODAY)
    )
    summary = supply_view.offer_summary("en", offer, TODAY, "洛城供销社收购站")
    assert "🌾 Product: corn\n⚖️ Quantity: 2000 jin\n📅 Ready: Dec 1\n" in summary
    assert "💰 Asking price: 1.20 yuan/jin\n🏪 Goes to: 洛城供销社收购站\n" in summary
    loose = supply_view.offer_summary("zh", offer, TODAY, "县里的管理员", said="两千多斤")
    assert "⚖️ 数量：2000斤（您说的是两千多斤，先按2000斤登记" in loose


# Blind test: every card said "7天前没有报价" with 6 days of prices: the comparison there is.
@pytest.mark.parametrize(
    ("lang", "since", "said"),
    [
        ("zh", 12.5, "比5天前（最早的报价）↑12.5%"),
        ("zh", -4.0, "比5天前（最早的报价）↓4.0%"),
        ("zh", 0.1, "和5天前（最早的报价）差不多"),
        ("en", 12.5, "↑12.5% vs 5 days ago (the earliest price)"),
    ],
)
def test_fewer_than_7_days_compare_with_the_earliest(lang: str, since: float, said: str) -> None:
    row = replace(_row("新发地", 2.7, TODAY, None), change_since=since, since_days=5)
    text = view.price_text(lang, PriceAnswer("西红柿", 2, "斤", Place("national"), TODAY, [row]))
    assert said in text
    assert "7天前没有报价" not in text and "no price 7 days ago" not in text


def test_a_county_name_asked_by_is_shown_with_its_product() -> None:
    # 椪柑 is priced as 柑橘 (a county's alias): the card says both, not 柑橘 alone.
    answer = PriceAnswer(
        "柑橘", 9, "斤", Place("national"), TODAY, [_row("马王堆", 2.1, TODAY, 1.0)]
    )
    assert (
        view.price_text("zh", answer, said="椪柑").splitlines()[0]
        == "💰 椪柑（柑橘） 批发价（元/斤）"
    )
    assert view.price_text("zh", answer).splitlines()[0] == "💰 柑橘 批发价（元/斤）"
