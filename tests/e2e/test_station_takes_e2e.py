"""Whether the farmer's station takes a product, and buying farm inputs (sandbox walk).

站里收不收鸡蛋 was answered "暂时没有人在收鸡蛋" though the farmer's station SG01 takes
鸡蛋: the buyers' listings answered a question about the station. 大葱种子哪里买 was "暂时
没有人在收大葱": buying seeds is not selling produce.
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from bot.stations.catalogue import catalog
from handlers.render.stations import products_text
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label
from tests.e2e.county import farmer_of_sg01, load_county

pytestmark = pytest.mark.e2e

SHENGCHENG = "圣城街道邮政便民服务站"  # SG01: 蔬菜 and 鸡蛋, no 玉米
LUOCHENG = "洛城供销社收购站"  # the nearest station to SG01 that takes 玉米


@pytest.mark.parametrize("text", ["站里收不收鸡蛋", "服务站收鸡蛋吗", "你们收鸡蛋不"])
async def test_the_station_that_takes_it_says_so(harness: Harness, text: str) -> None:
    await farmer_of_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.texts == [t("zh", "demand.station_takes", station=SHENGCHENG, product="鸡蛋")]


async def test_a_station_that_does_not_take_it_says_what_it_takes_and_who_does(
    harness: Harness,
) -> None:
    await farmer_of_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    text = (await farmer.send("站里收玉米吗")).last.text
    lines = text.split("\n")
    assert lines[0].startswith(f"您的服务站「{SHENGCHENG}」不收玉米。它收：")
    assert lines[0].endswith(" 种。")  # the first few, then how many more ("，还有 26 种")
    assert lines[1].startswith(f"离您最近收玉米的服务站是「{LUOCHENG}」")
    assert "暂时没有人在收" not in text


async def test_in_english(harness: Harness) -> None:
    await farmer_of_sg01(harness, "en")
    farmer = harness.user(10001, "张大爷")
    said = (await farmer.send("does the station take eggs")).last.text
    assert said.startswith("Yes ✅ your service station 圣城街道邮政便民服务站")
    assert "takes egg" in said


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "站里收的白菜要不要去根去老叶，要捆吗"),
        ("en", "Do you accept sweet potatoes with mud still on them?"),
    ],
)
async def test_how_to_ready_produce_is_offered_to_the_station(
    harness: Harness, lang: str, text: str
) -> None:
    # Staff busy-day walk: "收的 ✅ …收大白菜" / "Yes ✅ … takes sweet potato", as if answered.
    await farmer_of_sg01(harness, lang)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert not any("✅" in said for said in replies.texts)
    # The knowledge base (empty here), then the offer to ask the station.
    assert replies.last.text in (t(lang, "kb.declined"), t(lang, "kb.declined_unstaffed"))


async def test_a_farmer_without_a_station_is_told_how_to_find_one(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("站里收不收鸡蛋")
    assert replies.last.text == "\n".join(
        [t("zh", "demand.station_no_station"), t("zh", "demand.station_where", product="鸡蛋")]
    )


@pytest.mark.parametrize("text", ["大葱种子哪里买", "化肥在哪买", "鸡苗哪里有卖"])
async def test_buying_seeds_and_inputs_is_a_question_not_a_sale(
    harness: Harness, text: str
) -> None:
    await farmer_of_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert not any("暂时没有人在收" in said for said in replies.texts)
    # The knowledge base, then the offer to ask the station (this test's base is empty).
    assert replies.last.text in (t("zh", "kb.declined"), t("zh", "kb.declined_unstaffed"))


async def test_what_a_named_station_or_ones_own_takes(harness: Harness) -> None:
    # Blind test: 孙家集京东服务站收什么 and 我们站收什么 got a knowledge entry saying "each
    # station takes different things", though the station's list is known.
    await farmer_of_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    async with session_scope() as session:
        cat = await catalog(session)
    sunjiaji = next(s for s in cat.stations.values() if s.external_id == "SG06")
    own = next(s for s in cat.stations.values() if s.external_id == "SG01")
    said = (await farmer.send("孙家集京东服务站收什么")).last.text
    assert said == t(
        "zh",
        "demand.station_list",
        station=sunjiaji.name,
        products=products_text("zh", sunjiaji.products, len(sunjiaji.products)),
    )
    for text in ("我们站收什么", "站里都收些啥"):
        said = (await farmer.send(text)).last.text
        assert said is not None and said.startswith(f"您的服务站「{SHENGCHENG}」收：")
        assert all(product_label("zh", p) in said for p in own.products)
    assert (await farmer.send("张家站收什么")).last.text == t(
        "zh", "demand.station_list_unknown", name="张家站"
    )


async def test_what_my_station_buys_in_english(harness: Harness) -> None:
    await farmer_of_sg01(harness, "en")
    farmer = harness.user(10001, "张大爷")
    said = (await farmer.send("what does my station buy")).last.text
    assert said is not None
    assert said.startswith(f"Your service station {name_label('en', SHENGCHENG)} takes: ")
    assert "egg" in said


async def test_a_farmer_without_a_station_asking_what_it_takes(harness: Harness) -> None:
    await load_county(harness)
    replies = await harness.user(10001, "张大爷").send("我们站收什么")
    assert replies.last.text == "\n".join(
        [t("zh", "demand.station_no_station"), t("zh", "demand.station_list_find")]
    )
