"""/deliveries after a station's notice, and the apology each role gets (sandbox walk).

The walk: staff sent a notice (/broadcast), then the admin's /deliveries failed on the
notice's run (no name for its kind), and the apology told the county admin to contact
"your station".
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.sandbox.harness import Harness
from tests.stations_util import make_station, make_user

pytestmark = pytest.mark.e2e

STAFF, ADMIN = 20001, 30001


@pytest.fixture
async def station(harness: Harness) -> Harness:
    """城关服务站 with its staff and two farmers, and the county admin."""
    async with session_scope() as session:
        station_id, _ = await make_station(session, external_id="A", name="城关服务站")
        await make_user(session, STAFF, "李站长", role=Role.staff, station_id=station_id)
        await make_user(session, ADMIN, "王管理员", role=Role.admin)
        for farmer in (10001, 10002):
            await make_user(session, farmer, f"农户{farmer}", station_id=station_id)
    for farmer in (10001, 10002):
        harness.user(farmer, f"农户{farmer}")  # they opened the bot: notices reach them
    return harness


async def test_deliveries_after_a_notice_name_it_in_both_languages(station: Harness) -> None:
    staff, admin = station.user(STAFF, "李站长"), station.user(ADMIN, "王管理员")
    await staff.send("/broadcast")
    await staff.send("明天下雨，上午不收货")
    await staff.press("本站农户")
    sent = await staff.press("✅ 只发通知")  # it names a round: the preview offers to close it too
    assert sent.last.text.startswith("✅ 通知已发出，共 2 位农户。")
    await station.delivered()
    lines = (await admin.send("/deliveries")).last.text.splitlines()
    assert lines[0] == "📮 最近的推送："
    assert lines[1].endswith("通知 #1 明天下雨，上午不收货")
    assert lines[2].strip() == "共 2 条：已发 2，失败 0，屏蔽 0"
    await admin.send("/language")
    await admin.press("English")
    lines = (await admin.send("/deliveries")).last.text.splitlines()
    assert lines[0] == "📮 Recent pushes:"
    assert lines[1].endswith("Notice #1 明天下雨，上午不收货")
    assert lines[2].strip() == "2 in all: 2 sent, 0 failed, 0 blocked"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("who", "key"),
    [
        (10001, "error.generic"),
        (STAFF, "error.generic_staff"),
        (ADMIN, "error.generic_admin"),
    ],
)
async def test_each_role_is_told_whom_to_tell_when_something_fails(
    station: Harness, monkeypatch: pytest.MonkeyPatch, lang: str, who: int, key: str
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    person = station.user(who, "某人", language_code="zh-hans" if lang == "zh" else "en")
    if lang == "en":
        await person.send("/language")
        await person.press("English")
    monkeypatch.setattr("handlers.start.register_visitor", broken)
    replies = await person.send("/help")
    assert [str(e) for e in station.take_errors()] == ["database on fire"]
    assert replies.texts == [t(lang, key)]
    text = replies.texts[0]
    station_words = ("服务站", "service station")
    # Only a farmer is sent to their station; staff to the county admins; an admin to the log.
    assert any(w in text for w in station_words) is (who == 10001)
    if who == ADMIN:
        assert ("日志" if lang == "zh" else "log") in text
    if who == STAFF:
        assert ("县里的管理员" if lang == "zh" else "county admin") in text
