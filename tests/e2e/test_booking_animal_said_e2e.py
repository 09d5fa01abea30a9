"""Live animals booked as the farmer said them, through the local Bot API server.

Sandbox walk: 明天送两头黄牛到站里 was confirmed as 2头黄牛 约600斤, then booked, listed in 我的预约
and the staff's /pickups as 牛肉 600斤: a farmer bringing two live cattle read beef. And
明天送两头黄牛过去 (过去, not 到站里) was no booking at all; 哪里收黄牛 was answered 收牛肉的服务站.
Now the booking keeps the animal and every message says it as said. The clock is pinned
(tests/conftest.py).
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import farmer_at_hualong, stored_bookings
from tests.e2e.county import load_county
from tests.stations_util import make_station, make_user

pytestmark = pytest.mark.e2e

STAFF = 20009


async def _county(harness: Harness, lang: str) -> tuple[SandboxUser, SandboxUser]:
    """A farmer at 化龙 (in `lang`) and the staff of a livestock station there (in Chinese)."""
    await load_county(harness)
    async with session_scope() as session:
        # The sample county's stations near 化龙 take no live animals: this one does.
        station_id, _ = await make_station(
            session, external_id="YM01", name="化龙畜牧站", lat=36.73, lon=118.62,
            slots="08:00-10:00=5/3000", products="牛肉|猪肉|羊肉",
        )  # fmt: skip
        await make_user(session, STAFF, "牧站长", role=Role.staff, station_id=station_id)
    staff = harness.user(STAFF, "牧站长")
    await staff.send("/start")
    farmer = await farmer_at_hualong(harness, lang)
    return farmer, staff


@pytest.mark.parametrize(
    ("lang", "sentence", "weight", "said", "staff_sees", "meat"),
    [
        ("zh", "明天送两头黄牛过去", "600斤", ("2头黄牛", "约600斤（300公斤）"), "2头黄牛", "牛肉"),
        (
            "en",
            "bring 2 cows to the station tomorrow",
            "600 jin",
            ("2 cows", "about 600 jin (300 kg)"),
            "2头牛",  # cows said in English: named in Chinese to the Chinese-speaking staff
            "beef",
        ),
    ],
)
async def test_a_herd_booked_is_said_as_the_farmer_said_it(
    harness: Harness,
    lang: str,
    sentence: str,
    weight: str,
    said: tuple[str, str],
    staff_sees: str,
    meat: str,
) -> None:
    farmer, staff = await _county(harness, lang)
    asked = await farmer.send(sentence)
    # 过去 at the end is a booking: the weight of the two cattle is asked.
    assert "2" in asked.last.content and t(lang, "supply.each_头") in asked.last.content
    stations = await farmer.send(weight)
    # The station step: 您的2头黄牛 约600斤（300公斤）, "Your 2 cows, about 600 jin (300 kg)".
    assert all(part in stations.last.content for part in said), stations.last.content
    assert meat not in stations.last.content.lower()
    await farmer.press(
        next(b for b in stations.last.buttons if "化龙畜牧站" in b or "Hualong" in b)
    )
    await farmer.press(farmer.last.buttons[0])  # tomorrow's round
    whole = " ".join(said)  # 🥬 2头黄牛 约600斤（300公斤）
    assert whole in farmer.last.content  # the ✅ form
    done = await farmer.press(t(lang, "bookings.confirm_button"))
    booked = done.edited[0].content
    assert booked.startswith(t(lang, "bookings.booked").split("{")[0]), booked
    assert whole in booked and meat not in booked.lower(), booked
    [booking] = await stored_bookings(10001)
    assert (booking.product, booking.heads, booking.heads_high) == ("牛肉", 2, None)
    assert booking.animal == ("黄牛" if lang == "zh" else "cows")
    mine = await farmer.send("我的预约" if lang == "zh" else "my bookings")
    assert whole in mine.last.content and meat not in mine.last.content.lower()
    pickups = await staff.send("/pickups")
    listed = "\n".join(m.content for m in pickups)
    assert f"{booking.code} 张大爷 · {staff_sees} 约600斤（300公斤）" in listed, listed
    assert "牛肉" not in listed


@pytest.mark.parametrize(
    ("lang", "asked", "header"),
    [("zh", "谁收土猪", "您附近收土猪的服务站"), ("en", "who buys pigs", "take pigs")],
)
async def test_who_buys_the_animal_names_it_as_said(
    harness: Harness, lang: str, asked: str, header: str
) -> None:
    farmer, _ = await _county(harness, lang)
    answer = await farmer.send(asked)
    first = answer.texts[0]
    assert header in first and "化龙畜牧站" in first, answer.texts
    meat = await farmer.send("哪里收猪肉" if lang == "zh" else "who buys pork")
    assert ("收猪肉的服务站" if lang == "zh" else "take pork") in meat.texts[0]


@pytest.mark.parametrize("text", ["价格过去一周怎么样", "两头猪过去一直拉稀怎么办"])
async def test_over_there_in_other_words_books_nothing(harness: Harness, text: str) -> None:
    farmer, _ = await _county(harness, "zh")
    answer = await farmer.send(text)
    assert all("送到哪个服务站" not in m and "大概一共多少斤" not in m for m in answer.texts)
    assert await stored_bookings(10001) == []


@pytest.mark.parametrize(
    ("lang", "sentence", "animal", "weight"),
    [
        ("zh", "明天送两头猪", "猪", "每头二百五十斤"),
        ("en", "bring 2 pigs tomorrow", "pigs", "500 jin"),
    ],
)
async def test_which_stations_take_the_animals_is_said_before_their_weight_is_asked(
    harness: Harness, lang: str, sentence: str, animal: str, weight: str
) -> None:
    # Staff busy-day walk: 2头猪大概一共多少斤？ first, and only after the weight "the nearer
    # stations don't take pigs; the nearest that does is 26 km away".
    await load_county(harness)
    async with session_scope() as session:
        await make_station(
            session, external_id="YM02", name="远处畜牧站", lat=36.86, lon=118.62,
            slots="08:00-10:00=5/3000", products="猪肉",
        )  # fmt: skip
    farmer = await farmer_at_hualong(harness, lang)
    asked = (await farmer.send(sentence)).last.content
    takers, question = asked.split("\n")[0], asked.split("\n")[-1]
    assert takers.startswith(t(lang, "bookings.stations_skipped").split("{")[0]), asked
    assert animal in takers and ("化龙" in takers or "Hualong" in takers), asked
    assert t(lang, "supply.each_头") in question  # the weight asked after it
    stations = (await farmer.send(weight)).last
    assert any("远处畜牧站" in b or "Yuanchu" in b for b in stations.buttons)
    # Said once: the station step does not say it again.
    assert t(lang, "bookings.stations_skipped").split("{")[0] not in stations.content
