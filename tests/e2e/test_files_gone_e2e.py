"""A question's photo or voice the Bot API server no longer has (a new sandbox run, an
expired file): /questions still lists the question with its words and its button, and
says the file is gone, instead of losing it (sandbox blind test)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.test_voice_e2e import county

pytestmark = pytest.mark.e2e
__all__ = ["county"]


async def _staff_speaks(lang: str) -> None:
    async with session_scope() as session:
        await session.execute(
            update(User)
            .where(User.telegram_id == 20001)
            .values(language=lang, language_chosen=True)
        )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_questions_lists_a_voice_the_server_forgot_as_words_with_its_button(
    county: Harness, lang: str
) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await staff.send("/start")
    await _staff_speaks(lang)
    await farmer.send_voice(4)
    forwarded = staff.last
    assert forwarded.kind == "voice"
    county.server.api.files.by_id.clear()  # a new run of the server: its files are gone
    listing = await staff.send("/questions")
    refused = county.server.take_rejections()
    assert [call.method for call in refused] == ["sendVoice"]
    assert "wrong file identifier" in str(refused[0])
    last = listing.last
    assert last.kind == "text"
    assert last.content.endswith(t(lang, "questions.file_gone.voice"))
    # Still answerable from the list (its ✍️, beside the list's own 🗑 不用回复).
    assert set(forwarded.callback_data) <= set(last.callback_data)
    assert not county.take_errors()
