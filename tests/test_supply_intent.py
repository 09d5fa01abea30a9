"""我的卖货登记 and taking a listing back, as farmers type them, kept apart from new offers,
bookings and questions (knowledge.text.listings, Kind.my_offers)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.listings import LIST, WITHDRAW


@pytest.mark.parametrize(
    ("text", "wants", "product"),
    [
        # The blind walk's words.
        ("我的卖货登记", LIST, None),
        ("我登记了哪些", LIST, None),
        ("我的大葱不卖了", WITHDRAW, "大葱"),
        ("大葱卖掉了不用登记了", WITHDRAW, "大葱"),
        ("my listings", LIST, None),
        ("withdraw my onion listing", WITHDRAW, "洋葱"),
        # Said other ways.
        ("我都登记了啥", LIST, None),
        ("查一下我的登记", LIST, None),
        ("看看卖货登记", LIST, None),
        ("我登记的货卖出去没有", LIST, None),
        ("俺的卖货登记？", LIST, None),
        ("show my listings", LIST, None),
        ("what have I listed", LIST, None),
        ("大葱不卖了", WITHDRAW, "大葱"),
        ("俺的苞谷不想卖了", WITHDRAW, "玉米"),
        ("我的玉米已经卖出去了", WITHDRAW, "玉米"),
        ("撤回登记", WITHDRAW, None),
        ("登记不要了", WITHDRAW, None),
        ("把大葱的登记删了", WITHDRAW, "大葱"),
        ("cancel my listing", WITHDRAW, None),
        ("remove my corn offer", WITHDRAW, "玉米"),
        ("I don't want to sell my onions anymore", WITHDRAW, "洋葱"),
        # 取消卖货登记 sounds like 小麦 (xiao mai) in its middle: no product is meant.
        ("取消卖货登记", WITHDRAW, None),
        ("取消卖货", WITHDRAW, None),  # blind test: 小麦 was read in it, then 答不上来
        ("我要撤销卖货", WITHDRAW, None),
        # Typed in pinyin, traditional characters.
        ("wode maihuo dengji", LIST, None),
        ("我的大蔥不賣了", WITHDRAW, "大葱"),
        # Live animals are listed as their meat (羊 → 羊肉): the withdrawal finds that one.
        ("我的羊不卖了", WITHDRAW, "羊肉"),
        ("羊不卖了", WITHDRAW, "羊肉"),
        ("俺家的肥猪不想卖了", WITHDRAW, "猪肉"),
        ("我的牛卖掉了", WITHDRAW, "牛肉"),
        ("withdraw my goat listing", WITHDRAW, "羊肉"),
        # 了 said as 啦, 咯, 喽, 嘞.
        ("我的芒果不卖啦", WITHDRAW, "芒果"),
        ("大葱不卖咯", WITHDRAW, "大葱"),
        ("我的玉米卖掉喽", WITHDRAW, "玉米"),
        ("我家的鸡不卖嘞", WITHDRAW, "鸡肉"),
        ("不用登记啦", WITHDRAW, None),
    ],
)
def test_my_listings_and_withdrawals(text: str, wants: str, product: str | None) -> None:
    intent = classify(text)
    assert intent.kind is Kind.my_offers, text
    assert intent.extras == {"listings": wants}, text
    assert intent.product == product, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Bookings keep their words.
        ("我的预约", Kind.my_bookings),
        ("取消预约", Kind.my_bookings),
        ("预约不要了", Kind.my_bookings),
        ("不用预约了", Kind.my_bookings),
        ("my bookings", Kind.my_bookings),
        ("预约收货", Kind.booking),
        # A new offer is a new offer.
        ("我有两千斤大葱要卖", Kind.supply),
        ("我想卖大葱", Kind.supply),
        ("I have 2000 jin of corn to sell", Kind.supply),
        ("sell my corn", Kind.supply),
        # How to register, and things that only sound like it, are questions.
        ("卖货登记怎么弄", Kind.knowledge),
        ("怎么登记卖货", Kind.knowledge),
        ("我的土地确权登记怎么查", Kind.knowledge),
        ("我家的猪卖完了现在养什么好", Kind.knowledge),
        ("西红柿不卖了吗", Kind.knowledge),
        ("没收到的先到村委会查登记信息", Kind.knowledge),
        # A pick-up called off, a fee asked (county bases' questions): not a listing.
        ("车都出发了我又不卖了 要钱不", Kind.knowledge),
        ("我不想卖了取消吧", Kind.knowledge),
        ("价格太低不卖了", Kind.price),
        ("价格太低不卖啦", Kind.price),
        ("西红柿不卖啦吗", Kind.knowledge),
        ("我家的猪卖完啦现在养什么好", Kind.knowledge),
        ("大葱多少钱", Kind.price),
    ],
)
def test_other_intents_keep_their_words(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind, text


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # An offer said with 能卖 after the produce (blind test), as 我要卖三千斤大葱 is.
        ("我有三千斤大葱下周能卖", "大葱"),
        ("俺有两吨苞谷月底能卖", "玉米"),
        ("我有三千斤大葱下周可以卖了", "大葱"),
        ("我有三千斤大葱下周能卖，价格三块", "大葱"),
    ],
)
def test_an_offer_said_with_neng_mai_is_an_offer(text: str, product: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.supply, text
    assert intent.product == product, text


@pytest.mark.parametrize(
    "text", ["我有两千斤玉米能卖多少钱", "我家有三千斤大葱能卖吗", "我有大葱能卖给谁"]
)
def test_asking_what_produce_fetches_is_no_offer(text: str) -> None:
    assert classify(text).kind is not Kind.supply, text


@pytest.mark.parametrize("text", ["取消卖货", "我要取消卖货", "撤销卖货", "取消卖货的那个预约"])
def test_xiao_mai_heard_in_the_listing_words_is_no_product(text: str) -> None:
    # 取消卖货 sounds like 小麦 (xiao mai) in its middle, also outside the listing phrases.
    assert classify(text).products == (), text


@pytest.mark.parametrize(
    ("text", "product"),
    [("取消卖小麦", "小麦"), ("xiaomai jiage", "小麦"), ("取消卖西红事", "西红柿")],
)
def test_products_typed_or_heard_elsewhere_stay(text: str, product: str) -> None:
    assert classify(text).product == product, text
