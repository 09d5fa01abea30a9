"""A photo sent without words just before a question goes with that question when the farmer
forwards it (testers playing Heilongjiang farmers: /photo, 苞米叶子这样了咋整, a voice, then
the forward button: staff got the words and the voice, not the photo)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from tests.e2e.county import load_county
from tests.e2e.questions_util import speaks, stored_questions

pytestmark = pytest.mark.e2e

ASKED = {"zh": "苞米叶子这样了咋整", "en": "my corn leaves went like this, what do I do"}


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county: 张大爷 (10001) farms by SG01, which 李站长 (20001) runs."""
    await load_county(harness)
    async with session_scope() as session:
        station = await session.scalar(select(Station.id).where(Station.external_id == "SG01"))
        farmer = harness.user(10001, "张大爷")
        await farmer.send("/start")
        user = await session.get(User, 10001)
        assert user is not None
        user.station_id = station
    harness.user(20001, "李站长")
    return harness


def _file_id(message: Message) -> str:
    media: Any = message.media[message.kind]
    return str((media[-1] if isinstance(media, list) else media)["file_id"])


def _sent_by(harness: Harness, chat_id: int, kind: str) -> list[str]:
    return [
        _file_id(m)
        for m in harness.server.api.chats[chat_id].messages
        if m.kind == kind and not m.from_bot
    ]


@pytest.mark.both_databases
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_photo_then_the_question_and_a_voice_all_reach_the_station(
    county: Harness, lang: str
) -> None:
    await speaks(lang, 10001)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    photo_offer = (await farmer.send_photo()).last
    # The photo alone: asked what it shows, and offered to the station.
    assert photo_offer.text == t(lang, "kb.photo_received")
    await farmer.send(ASKED[lang])
    spoken = await farmer.send_voice(5)
    assert spoken.last.text == t(lang, "voice.joined") and staff.messages == []
    sent = await farmer.press(t(lang, "kb.ask_station_button"), message=spoken.last)
    # The words right after the photo were its caption (knowledge/kb/photo_captions.py): the
    # photo is the question's own, not one that went along.
    assert sent.last.text == t(lang, "kb.forwarded")
    photo_id = _sent_by(county, 10001, "photo")[0]
    voice_id = _sent_by(county, 10001, "voice")[0]
    # Staff get the photo with the words, then the voice: one question.
    pushed = staff.messages
    assert [m.kind for m in pushed] == ["photo", "voice"]
    assert _file_id(pushed[0]) == photo_id and _file_id(pushed[1]) == voice_id
    assert ASKED[lang] in pushed[0].content
    [question] = await stored_questions()
    assert question.photo_file_id is not None
    # And so in /questions.
    listed = await staff.send("/questions")
    assert [(m.kind, _file_id(m)) for m in listed[1:]] == [("photo", photo_id), ("voice", voice_id)]
    assert ASKED[lang] in listed[1].content
    # The photo's own offer, pressed now: sent already, never twice.
    late = await farmer.press(t(lang, "kb.ask_station_button"), message=photo_offer)
    assert late.answer is not None and late.answer.text == t(lang, "kb.already_forwarded")
    assert list(late) == []
    [now] = [m for m in farmer.messages if m.message_id == photo_offer.message_id]
    assert not now.buttons
    assert [m.kind for m in staff.messages] == ["photo", "voice", "text", "photo", "voice"]
    assert len(await stored_questions()) == 1


async def test_the_questions_own_offer_takes_the_photo_too(county: Harness) -> None:
    # Forwarded from the offer under the typed question (no voice): the photo goes too.
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_photo()
    found = (await farmer.send(ASKED["zh"])).last
    ask = next(label for label in found.buttons if label.startswith("🙋"))
    await farmer.press(ask, message=found)
    assert [m.kind for m in staff.messages] == ["photo"]
    assert ASKED["zh"] in staff.messages[0].content


async def test_a_photo_the_farmer_kept_stays_with_the_farmer(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    photo_offer = (await farmer.send_photo()).last
    await farmer.press(t("zh", "kb.no_thanks"), message=photo_offer)
    offer = (await farmer.send("羊拉稀好几天了打啥针")).last
    ask = next(label for label in offer.buttons if label.startswith("🙋"))
    sent = await farmer.press(ask, message=offer)
    assert t("zh", "kb.photos_went_along") not in (sent.last.text or "")
    assert [m.kind for m in staff.messages] == ["text"]
    assert len(await stored_questions()) == 2
