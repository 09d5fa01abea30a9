"""A question typed while moving a booking is answered (sandbox walk: "my goats keep coughing
at night" at the reschedule's step was ignored and the step repeated, its two sentences run
together: "...to another time.Tap a time above")."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import direct_booking, load_county

pytestmark = pytest.mark.e2e


async def _moving(harness: Harness, lang: str) -> tuple[SandboxUser, str]:
    """The shipped knowledge base, the sample county, and a farmer moving a booking, at the
    day step."""
    await load_county(harness)
    async with session_scope() as session:
        await upsert_entries(session, read_shipped(), engine(), by="test")
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    booked = await direct_booking(10001, "SG01", 0)
    await farmer.send("我的预约" if lang == "zh" else "my bookings")
    await farmer.press(t(lang, "bookings.mine.move_button", code=booked.code))
    return farmer, booked.code


PROBLEMS = {
    "en": [
        "my goats keep coughing at night",
        "my pigs have diarrhea",
        "corn leaves turning yellow",
    ],
    "zh": ["羊晚上老是咳嗽", "猪拉稀好几天了", "玉米叶子发黄"],
}


@pytest.mark.parametrize(
    ("lang", "problem"), [(lang, p) for lang, problems in PROBLEMS.items() for p in problems]
)
async def test_a_problem_told_at_the_move_day_step_is_answered(
    harness: Harness, lang: str, problem: str
) -> None:
    farmer, code = await _moving(harness, lang)
    replies = await farmer.send(problem)
    assert replies.texts[0] == t(lang, "bookings.move_left")
    assert not any(t(lang, "bookings.in_move", code=code) in text for text in replies.texts)
    assert len(replies) >= 2  # the answer (or the entries near it) follows


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_problem_told_at_the_move_slot_step_is_answered(
    harness: Harness, lang: str
) -> None:
    farmer, code = await _moving(harness, lang)
    days = farmer.last
    await farmer.press(days.buttons[1], message=days)  # a day: the times of that day
    problem = PROBLEMS[lang][1]
    replies = await farmer.send(problem)
    assert replies.texts[0] == t(lang, "bookings.move_left")
    assert not any(t(lang, "bookings.in_move", code=code) in text for text in replies.texts)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_step_said_again_reads_as_two_sentences(harness: Harness, lang: str) -> None:
    farmer, code = await _moving(harness, lang)
    replies = await farmer.send("?")
    where = t(lang, "bookings.in_move", code=code)
    step = t(lang, "bookings.help_step.day")
    joined = f"{where} {step}" if lang == "en" else f"{where}{step}"
    assert replies.last.text.startswith(joined), replies.last.text
