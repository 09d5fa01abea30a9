"""Broadcasts through the local Bot API server: compose, preview, send, schedule, cancel, report.

Staff 20001 runs 城关服务站 (A), staff 20002 runs 南关服务站 (B), 30001 is the admin.
Farmers 10001-10003 belong to A, 10004 to B. Notices travel the real path: the
outbox, the sender's own Bot, HTTP, the server.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.alerts import service as alerts_service
from bot.alerts.model import AlertSpec
from bot.broadcasts import service
from bot.broadcasts.audience import Audience
from bot.core.clock import PinnedClock, utcnow
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.alerts import AlertKind, OutboxMessage, OutboxStatus
from bot.models.audit import AuditEntry
from bot.models.broadcasts import AudienceKind, Broadcast, BroadcastStatus
from bot.models.stations import Station
from bot.models.users import Role, User
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from bot.telegram.sender import running_sender
from handlers.jobs import BROADCAST_JOB
from handlers.render.broadcasts import CancelBroadcast, ReportOf
from tests.stations_util import make_station, make_user

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parents[2]
FARMERS_A = (10001, 10002, 10003)
# A 1x1 PNG: the smallest image the server accepts as a photo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
async def county(harness: Harness) -> dict[str, int]:
    """Two stations, their staff and farmers; returns the station ids."""
    harness.server.set_flood_limits(FloodLimits.off())
    async with session_scope() as session:
        a, _ = await make_station(session, external_id="A", name="城关服务站")
        b, _ = await make_station(session, external_id="B", name="南关服务站", lat=36.6)
        await make_user(session, 20001, "李站长", role=Role.staff, station_id=a)
        await make_user(session, 20002, "王站长", role=Role.staff, station_id=b)
        await make_user(session, 30001, "赵主任", role=Role.admin)
        for tid in FARMERS_A:
            await make_user(session, tid, f"农户{tid}", station_id=a)
        await make_user(session, 10004, "农户10004", station_id=b)
    for tid in (*FARMERS_A, 10004, 20001, 20002, 30001):
        harness.user(tid, f"用户{tid}")
    return {"A": a, "B": b}


async def due(harness: Harness) -> None:
    """Run the broadcasts' due job now (it also runs every BROADCAST_POLL_S)."""
    [job] = harness.app.job_queue.get_jobs_by_name(BROADCAST_JOB)
    await job.run(harness.app)
    await harness.delivered()


async def compose(harness: Harness, staff_id: int, text: str, audience: str) -> str:
    """Staff write a notice and choose an audience; returns the preview's text."""
    staff = harness.user(staff_id, "站长")
    replies = await staff.send("/broadcast")
    assert replies.last.text == t("zh", "broadcasts.ask_text")
    replies = await staff.send(text)
    assert replies.last.text == "发给谁？"
    replies = await staff.press(audience)
    return replies.last.text or ""


async def test_staff_compose_preview_send_and_get_the_report(
    harness: Harness, county: dict[str, int]
) -> None:
    harness.server.block_chat(10003)
    preview = await compose(harness, 20001, "明天下雨，上午不收货，下午照常", "本站农户")
    assert preview.startswith("👀 预览：将发给 3 位农户（城关服务站的农户）。")
    assert "📢 城关服务站通知：\n明天下雨，上午不收货，下午照常" in preview
    # Tomorrow morning is called off: its round is offered for closing (the notice only here).
    assert "⚠️ 明天上午（6月11日 08:00-10:00）那一轮现在没有预约。" in preview
    staff = harness.user(20001, "李站长")
    replies = await staff.press(t("zh", "broadcasts.send_only"))
    assert replies.last.text.startswith("✅ 通知已发出，共 3 位农户。")
    for tid in (10001, 10002):
        farmer = harness.user(tid, "")
        assert farmer.last.text == "📢 城关服务站通知：\n明天下雨，上午不收货，下午照常"
        assert farmer.last.buttons == ["🔕 不再接收通知"]
    assert not harness.user(10004, "").messages  # another station's farmer
    await due(harness)
    async with session_scope() as session:
        bc = await session.scalar(select(Broadcast))
        assert bc is not None and bc.status is BroadcastStatus.done
    assert staff.last.text == (
        f"📊 通知 #{bc.id} 送达情况：共 3 位农户，送达 2，屏蔽了机器人 1，发送失败 0。"
    )
    await due(harness)  # reported once
    assert sum((m.text or "").startswith("📊") for m in staff.messages) == 1
    # Later, from /broadcasts.
    replies = await staff.send("/broadcasts")
    assert f"#{bc.id} ✅ 已发完" in replies.last.text
    replies = await staff.press(f"📊 结果 #{bc.id}")
    assert replies.last.text.startswith(f"📊 通知 #{bc.id} 送达情况：共 3 位农户")
    async with session_scope() as session:
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert actions == ["broadcast.send"]
    # The admin's /audit names the station by its code, not its database id (blind test).
    audit = (await harness.user(30001, "赵主任").send("/audit")).last.text or ""
    assert "服务站：A" in audit and f"服务站：{county['A']}" not in audit


async def test_typed_notice_is_a_broadcast_not_a_question(
    harness: Harness, county: dict[str, int]
) -> None:
    staff = harness.user(20001, "李站长")
    replies = await staff.send("通知所有农户：明天下雨，上午不收货")
    assert replies.last.text == "发给谁？"
    assert "转给" not in " ".join(replies.texts)
    replies = await staff.press("本站 5 公里内的农户")
    # Nobody has shared a home location: nobody within 5 km, so say so.
    assert replies.last.text == t("zh", "broadcasts.nobody")
    replies = await staff.press("❌ 不发了")
    assert replies.last.text == "好的，这条通知不发了。"


async def test_a_notice_typed_without_a_prefix_is_not_offered_to_the_station(
    harness: Harness, county: dict[str, int]
) -> None:
    # Staff are whom questions go to: no "ask the station?" offer for their own notice.
    staff = harness.user(20001, "李站长")
    replies = await staff.send("明天开会，大家早点来")
    assert replies.last.text == t("zh", "kb.declined_staff")
    assert replies.last.buttons == []
    # Said as a closing, it is one: the morning's round is asked about as its 🚫 asks, the
    # rain its reason, the afternoon left alone (never the station's offer either).
    replies = await staff.send("明天下雨，上午不收货，下午照常")
    assert (replies.last.text or "").startswith("确定关闭"), replies.last.text
    assert "08:00-10:00" in (replies.last.text or "") and "「下雨」" in (replies.last.text or "")
    assert replies.last.buttons[0] == t("zh", "bookings.staff.close_said_button")


async def test_a_farmer_cannot_broadcast(harness: Harness, county: dict[str, int]) -> None:
    farmer = harness.user(10001, "农户")
    replies = await farmer.send("通知所有农户：明天开会")
    assert replies.last.text == t("zh", "guard.staff_only")
    replies = await farmer.send("/broadcast 明天开会")
    assert replies.last.text == t("zh", "guard.staff_only")
    replies = await farmer.send("/broadcasts")
    assert replies.last.text == t("zh", "guard.staff_only")
    # The composer's buttons, forged, do nothing either.
    replies = await farmer.press_data("bc:a:all")
    assert replies.answer is not None and replies.answer.show_alert
    async with session_scope() as session:
        assert await session.scalar(select(Broadcast)) is None


async def test_forged_buttons_from_another_station_are_refused(
    harness: Harness, county: dict[str, int]
) -> None:
    async with session_scope() as session:
        bc = await service.create(
            session,
            service.Draft(
                "周六开会",
                Audience(AudienceKind.station, county["A"]),
                county["A"],
                20001,
                send_at=utcnow() + timedelta(days=1),
            ),
        )
    other = harness.user(20002, "王站长")
    await other.send("/broadcasts")  # their own list: empty
    assert other.last.text == t("zh", "broadcasts.list_empty")
    for data in (CancelBroadcast(bc.id).encode(), ReportOf(bc.id).encode()):
        replies = await other.press_data(data)
        assert replies.answer is not None and replies.answer.show_alert
        assert replies.answer.text == t("zh", "guard.staff_only")
    # A staff member's audience buttons cannot reach everyone either.
    await other.send("/broadcast 通知")
    replies = await other.press_data("bc:a:all")
    assert replies.answer is not None and replies.answer.text == t("zh", "guard.admin_only")
    async with session_scope() as session:
        stored = await session.get(Broadcast, bc.id)
        assert stored is not None and stored.status is BroadcastStatus.scheduled
    # Its own station's staff may.
    owner = harness.user(20001, "李站长")
    await owner.send("/broadcasts")
    replies = await owner.press(f"❌ 取消 #{bc.id}")
    assert replies.last.text == f"✅ 通知 #{bc.id} 已取消，不会发出。"


async def schedule(harness: Harness, when: str) -> int:
    await compose(harness, 20001, "后天上午收土豆", "本站农户")
    staff = harness.user(20001, "李站长")
    await staff.press("⏰ 定时发送")
    replies = await staff.send(when)
    # 后天 is said to mean another day by then; confirming keeps the words as written.
    # The day in words and by its date (sandbox walk: only 2026-06-11 08:00 was shown).
    assert replies.last.text.startswith("⚠️ 这条通知将在 6月11日（明天，周四）08:00 发出")
    assert (
        "⏰ 将在 6月11日（明天，周四）08:00 发给 3 位农户（城关服务站的农户）" in replies.last.text
    )
    replies = await staff.press("✅ 确认")
    assert replies.last.text.startswith("⏰ 已安排：6月11日（明天，周四）08:00 发给 3 位农户")
    async with session_scope() as session:
        bc = await session.scalar(select(Broadcast))
        assert bc is not None and bc.status is BroadcastStatus.scheduled
        return bc.id


async def test_scheduled_then_cancelled_sends_nothing(
    harness: Harness, county: dict[str, int], clock: PinnedClock
) -> None:
    broadcast_id = await schedule(harness, "明天8点")
    staff = harness.user(20001, "李站长")
    replies = await staff.send("/broadcasts")
    assert f"#{broadcast_id} ⏰ 待发送 · 2026-06-11 08:00" in replies.last.text
    replies = await staff.press(f"❌ 取消 #{broadcast_id}")
    assert replies.last.text == f"✅ 通知 #{broadcast_id} 已取消，不会发出。"
    clock.advance(timedelta(days=1))
    await due(harness)
    assert all(not harness.user(tid, "").messages for tid in FARMERS_A)
    # Pressed again: it is no longer cancellable.
    replies = await staff.press_data(CancelBroadcast(broadcast_id).encode())
    assert replies.answer is not None and "不能再取消" in (replies.answer.text or "")


async def test_scheduled_then_due_is_sent(
    harness: Harness, county: dict[str, int], clock: PinnedClock
) -> None:
    await schedule(harness, "2026-06-11 08:00")
    await due(harness)
    assert all(not harness.user(tid, "").messages for tid in FARMERS_A)  # not yet
    clock.advance(timedelta(hours=22, seconds=1))  # 2026-06-11 08:00:01
    await due(harness)
    for tid in FARMERS_A:
        assert harness.user(tid, "").last.text == "📢 城关服务站通知：\n后天上午收土豆"


@pytest.mark.parametrize(
    ("hours", "typed", "said"),
    [
        # Sandbox walk, at 03:50: 明早7点 was today's 07:00 while 明天早上7点 was tomorrow's.
        (17 + 50 / 60, "明早7点", "6月12日（明天，周五）07:00"),
        (17 + 50 / 60, "明天早上7点", "6月12日（明天，周五）07:00"),
        (17 + 50 / 60, "明晚8点", "6月12日（明天，周五）20:00"),
        # At 01:30 nobody has slept yet: "tomorrow morning" is the coming one, said so.
        (15.5, "明早7点", "6月11日（今天，周四）07:00"),
        (15.5, "明天下午3点", "6月12日（明天，周五）15:00"),
    ],
)
async def test_tomorrow_morning_said_at_night(
    harness: Harness,
    county: dict[str, int],
    clock: PinnedClock,
    hours: float,
    typed: str,
    said: str,
) -> None:
    clock.advance(timedelta(hours=hours))  # from Wednesday 10:00 to Thursday 03:50 / 01:30
    await compose(harness, 20001, "站里收土豆", "本站农户")
    staff = harness.user(20001, "李站长")
    await staff.press("⏰ 定时发送")
    confirm = (await staff.send(typed)).last
    assert confirm.text.startswith(f"⏰ 将在 {said} 发给")


async def test_the_time_confirmed_in_english(
    harness: Harness, county: dict[str, int], clock: PinnedClock
) -> None:
    staff = harness.user(20001, "李站长")
    await staff.send("/language")
    await staff.press("English")
    await staff.send("/broadcast")
    await staff.send("potatoes taken at the station")
    await staff.press(t("en", "broadcasts.audience.station"))
    await staff.press(t("en", "broadcasts.send_later"))
    confirm = (await staff.send("tomorrow 8am")).last
    assert "at Thu Jun 11 (tomorrow), 08:00. Confirm?" in confirm.text
    done = await staff.press(t("en", "broadcasts.confirm_button"))
    assert done.last.text.startswith("⏰ Scheduled for Thu Jun 11 (tomorrow), 08:00, to 3 farmers.")


async def test_farmers_turn_notices_off_and_on(harness: Harness, county: dict[str, int]) -> None:
    await compose(harness, 20001, "第一条通知", "本站农户")
    await harness.user(20001, "").press("✅ 现在发送")
    farmer = harness.user(10001, "")
    replies = await farmer.press("🔕 不再接收通知")
    assert replies.last.text.startswith("🔕 好的，以后不再给您发服务站通知。")
    preview = await compose(harness, 20001, "第二条通知", "本站农户")
    assert "将发给 2 位农户" in preview
    await harness.user(20001, "").press("✅ 现在发送")
    assert farmer.last.text.startswith("🔕")  # nothing new
    assert harness.user(10002, "").last.text.endswith("第二条通知")
    # A bare /notices says where they stand, with the one button that changes it.
    replies = await farmer.send("/notices")
    assert replies.last.text == t("zh", "broadcasts.notices_state_off")
    assert replies.last.buttons == [t("zh", "broadcasts.notices_turn_on")]
    replies = await farmer.press(t("zh", "broadcasts.notices_turn_on"))
    assert replies.last.text.startswith("🔔 好的，服务站的通知会照常发给您。")
    async with session_scope() as session:
        user = await session.get(User, 10001)
        assert user is not None and not user.notices_off


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_bare_notices_changes_nothing(
    harness: Harness, county: dict[str, int], lang: str
) -> None:
    # Blind walk: typing /notices to see them turned them off with no question asked.
    farmer = harness.user(10001, "")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    replies = await farmer.send("/notices")
    assert replies.last.text == t(lang, "broadcasts.notices_state_on")
    assert replies.last.buttons == [t(lang, "broadcasts.notices_turn_off")]
    async with session_scope() as session:
        user = await session.get(User, 10001)
        assert user is not None and not user.notices_off
    # Said outright, it is done at once; the button does it too.
    for off, on in (("/notices 关", "/notices 开"), ("/notices off", "/notices on")):
        assert (await farmer.send(off)).last.text == t(lang, "broadcasts.notices_off")
        assert (await farmer.send(on)).last.text == t(lang, "broadcasts.notices_on")
    pressed = await farmer.press(t(lang, "broadcasts.notices_turn_off"), message=replies.last)
    assert pressed.last.text == t(lang, "broadcasts.notices_off")
    async with session_scope() as session:
        user = await session.get(User, 10001)
        assert user is not None and user.notices_off


async def test_admin_sends_to_everyone(harness: Harness, county: dict[str, int]) -> None:
    preview = await compose(harness, 30001, "全县注意防汛", "全县所有农户")
    assert "将发给 4 位农户（全县所有农户）" in preview
    await harness.user(30001, "").press("✅ 现在发送")
    for tid in (*FARMERS_A, 10004):
        assert harness.user(tid, "").last.text == "📢 县农业服务中心通知：\n全县注意防汛"


def cli(settings: Settings, *args: str) -> tuple[int, str, str]:
    """`farmhub ...` in a subprocess on the test's database, at the test's pinned time."""
    script = (
        "import sys; from datetime import datetime; "
        "from bot.core.clock import PinnedClock, set_clock; "
        f"set_clock(PinnedClock(datetime.fromisoformat({utcnow().isoformat()!r}))); "
        "from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FARMHUB_")}
    env["FARMHUB_DATABASE_URL"] = settings.database_url
    env["PYTHONPATH"] = str(PROJECT)
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr


async def test_cli_send_prints_id_and_size_and_the_running_bot_delivers(
    harness: Harness, county: dict[str, int], settings: Settings, tmp_path: Path
) -> None:
    code, out, err = await asyncio.to_thread(
        # The station by its id as in the stations file, as every other command takes it.
        cli,
        settings,
        "broadcast",
        "send",
        "--station",
        "A",
        "--text",
        "停电通知",
    )
    assert code == 0, err
    assert out.strip() == "broadcast 1: 3 farmers"
    for _ in range(300):  # the sender polls the outbox every second
        if all(harness.user(tid, "").messages for tid in FARMERS_A):
            break
        await asyncio.sleep(0.02)
    await harness.delivered()
    for tid in FARMERS_A:
        assert harness.user(tid, "").last.text == "📢 城关服务站通知：\n停电通知"
    # With a photo: the running bot uploads it once (to the admin), then sends its file_id.
    async with session_scope() as session:
        admin = await session.get(User, 30001)
        assert admin is not None
        admin.language = "en"  # the copy uploaded to them was in Chinese
    photo = tmp_path / "flood.png"
    photo.write_bytes(PNG)
    code, out, err = await asyncio.to_thread(
        cli, settings, "broadcast", "send", "--all", "--text", "防汛", "--photo", str(photo)
    )
    assert (code, out.strip()) == (0, "broadcast 2: 4 farmers"), err
    await due(harness)
    for tid in (*FARMERS_A, 10004):
        last = harness.user(tid, "").last
        assert (last.kind, last.caption) == ("photo", "📢 县农业服务中心通知：\n防汛")
    assert len(harness.server.requests("sendPhoto")) == 5  # one upload, four notices
    uploaded = harness.user(30001, "").last
    assert uploaded.caption == t(
        "en", "broadcasts.notice", sender=t("en", "broadcasts.county"), text="防汛"
    )
    code, out, _ = await asyncio.to_thread(cli, settings, "broadcast", "report", "2")
    assert "queued 4, delivered 4, blocked 0, failed 0" in out
    # Timed, listed, cancelled.
    code, out, _ = await asyncio.to_thread(
        cli,
        settings,
        "broadcast",
        "send",
        "--product",
        "番茄",
        "--text",
        "收购",
        "--at",
        "2026-06-12 09:00",
    )
    assert (code, out.strip()) == (0, "broadcast 3: 0 farmers")
    code, out, _ = await asyncio.to_thread(cli, settings, "broadcast", "list")
    assert out.splitlines()[1].startswith("3,scheduled,2026-06-12 09:00,,product,,西红柿,0")
    # Blind test (施甸): the station was listed as 1 (its database number), not SD01.
    first = out.splitlines()[3].split(",")
    assert (first[0], first[3], first[4]) == ("1", "A", "station")
    code, _, err = await asyncio.to_thread(
        cli, settings, "broadcast", "send", "--station", "ZZ", "--text", "x"
    )
    assert code == 1 and "--station ZZ: no such station" in err
    code, out, _ = await asyncio.to_thread(cli, settings, "broadcast", "cancel", "3")
    assert (code, out.strip()) == (0, "broadcast 3 cancelled")
    code, _, err = await asyncio.to_thread(cli, settings, "broadcast", "cancel", "3")
    assert code == 1 and "cannot be cancelled" in err


@pytest.mark.both_databases
async def test_a_crash_midway_neither_loses_nor_duplicates(
    harness: Harness, county: dict[str, int]
) -> None:
    """200 farmers, the sender dropped (as by kill -9) a third of the way, then restarted."""
    from bot.telegram.sender import start_delivery

    async with session_scope() as session:
        for i in range(200):
            await make_user(session, 40000 + i, f"农户{i}", station_id=county["A"])
    people = [harness.user(40000 + i, f"农户{i}") for i in range(200)]
    harness.wait_for_outbox = False
    first = running_sender(harness.app)
    assert first is not None
    # At Telegram's 30 messages a second, 203 take about 7 s: time to stop it midway.
    async with session_scope() as session:
        bc = await service.create(
            session,
            service.Draft(
                "收货通知", Audience(AudienceKind.station, county["A"]), county["A"], 20001
            ),
        )
    for _ in range(1000):
        if sum(len(p.chat.bot_messages) for p in people) >= 60:
            break
        await asyncio.sleep(0.01)
    await crash(first)
    _, connections = harness.app.bot_data.pop("delivery")
    await connections.shutdown()
    second = await start_delivery(harness.app, harness.app.bot_data["settings"])
    assert await second.drain(20)
    harness.wait_for_outbox = True
    arrived = Counter(p.id for p in people for _ in p.chat.bot_messages)
    async with session_scope() as session:
        rows = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.startswith(f"broadcast:{bc.id}:"))
            )
        )
    doubt = {r.chat_id for r in rows if r.status is OutboxStatus.doubt}
    assert len(rows) == 203  # one per farmer: A's 3 and the 200
    assert max(arrived.values()) == 1  # nobody got it twice
    assert {p.id for p in people if p.id not in arrived} <= doubt  # only in-doubt ones missing
    await due(harness)
    staff = harness.user(20001, "")
    assert f"📊 通知 #{bc.id} 送达情况：共 203 位农户" in staff.last.text


async def crash(sender: object) -> None:
    """Drop a sender the way kill -9 would: nothing flushed, nothing given back."""
    tasks = [*sender._tasks, *sender._inflight]  # type: ignore[attr-defined]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if sender._unsubscribe is not None:  # type: ignore[attr-defined]
        sender._unsubscribe()  # type: ignore[attr-defined]
    sender.running = False  # type: ignore[attr-defined]


async def test_a_photo_notice_to_a_products_farmers(
    harness: Harness, county: dict[str, int]
) -> None:
    async with session_scope() as session:
        await make_user(session, 10005, "农户10005")  # no station: not one of A's
        for tid in (10002, 10005):
            await alerts_service.subscribe(
                session, tid, AlertSpec("西红柿", AlertKind.above, 3.0, None, None)
            )
    harness.user(10005, "")
    staff = harness.user(20001, "李站长")
    await staff.send("/broadcast")
    replies = await staff.send_photo(caption="西红柿晚疫病，注意打药")
    assert replies.last.text == "发给谁？"
    replies = await staff.press("某个产品的农户")
    assert replies.last.text == t("zh", "broadcasts.ask_product")
    replies = await staff.send("番茄")
    preview = replies.last
    assert preview.kind == "photo"
    # A station's staff reach their own station's farmers of the product only.
    assert (preview.caption or "").startswith("👀 预览：将发给 1 位农户（种西红柿的农户）。")
    await staff.press("✅ 现在发送")
    notice = harness.user(10002, "").last
    assert (notice.kind, notice.caption) == ("photo", "📢 城关服务站通知：\n西红柿晚疫病，注意打药")
    assert not harness.user(10005, "").messages


async def test_an_admin_picks_a_station(harness: Harness, county: dict[str, int]) -> None:
    admin = harness.user(30001, "赵主任")
    await admin.send("/broadcast 南关今天停电")
    await admin.press("选一个服务站")
    replies = await admin.press("南关服务站")
    assert replies.last.text.startswith("👀 预览：将发给 1 位农户（南关服务站的农户）。")
    await admin.press("✅ 现在发送")
    assert harness.user(10004, "").last.text == "📢 南关服务站通知：\n南关今天停电"
    # The admin may cancel or read any station's broadcast.
    replies = await admin.send("/broadcasts")
    assert "南关今天停电" in replies.last.text


async def test_a_station_notice_includes_the_stations_group(
    harness: Harness, county: dict[str, int]
) -> None:
    group = harness.group(-100777, "城关村农户群")
    async with session_scope() as session:
        station = await session.get(Station, county["A"])
        assert station is not None
        station.group_chat_id = group.id
    preview = await compose(harness, 20001, "明天停水", "本站农户")
    assert "将发给 3 位农户" in preview and "也会发到服务站的 Telegram 群（1 个）" in preview
    await harness.user(20001, "").press("✅ 现在发送")
    [notice] = group.bot_messages
    assert notice.text == "📢 城关服务站通知：\n明天停水" and notice.buttons == []
    # Only the station's own audience includes it: not a product's farmers.
    async with session_scope() as session:
        assert await service.groups_of(session, Audience(AudienceKind.radius, county["A"], 5)) == []
        assert await service.groups_of(session, Audience(AudienceKind.all)) == [group.id]


async def test_a_notice_about_a_pickup_is_a_notice_not_a_booking(
    harness: Harness, county: dict[str, int]
) -> None:
    # Bookings read a pickup said in one sentence; in the composer it is the notice.
    staff = harness.user(20001, "李站长")
    await staff.send("/broadcast")
    replies = await staff.send("后天来收玉米，带上身份证")
    assert replies.last.text == "发给谁？", replies.texts
    await staff.press("❌ 不发了")
    replies = await staff.send("通知所有农户：后天上午来收两千斤玉米")
    assert replies.last.text == "发给谁？", replies.texts
