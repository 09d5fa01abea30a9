"""An admin attached to a station is told of its farmers' new questions, as its staff are,
once each, in their own language (before: the staff only; the admin had to look)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_role, touch
from tests.e2e.questions_util import speaks, station_county, stored_questions

pytestmark = pytest.mark.e2e

ASKED = {
    "zh": "大棚草莓叶子边缘焦枯是什么原因",
    "en": "my strawberry leaves have burnt edges, why?",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_stations_admin_hears_of_a_new_question(harness: Harness, lang: str) -> None:
    await station_county(harness)
    async with session_scope() as session:
        await touch(session, Visitor(30002, "赵管理员"))
        await set_role(session, 30002, Role.admin, station_id=1)
        await touch(session, Visitor(30003, "孙管理员"))
        await set_role(session, 30003, Role.admin, station_id=2)  # another station's
    await speaks(lang, chosen=False)
    await speaks(lang, 30002)
    farmer = harness.user(10001, "张大爷")
    staff, admin = harness.user(20001, "李站长"), harness.user(30002, "赵管理员")
    other = harness.user(30003, "孙管理员")
    offer = (await farmer.send(ASKED[lang])).last
    assert offer.text == t(lang, "kb.declined")
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    await harness.delivered()
    [question] = await stored_questions()
    head = {"zh": f"📮 新问题 #{question.id}", "en": f"📮 New question #{question.id}"}
    told = [m.text or "" for m in admin.messages]
    assert len([m for m in told if m.startswith(head[lang])]) == 1, told
    assert ASKED[lang] in told[-1]
    # The staff member too (in Chinese, their own language), once; nobody elsewhere.
    assert len([m for m in staff.messages if (m.text or "").startswith(head["zh"])]) == 1
    assert not other.messages
