"""Roles end to end: /grant and /revoke, invitation links, per-role menus, refusals, /audit,
and a question for staff who had not opened the bot yet (issue 14, roles and onboarding)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.audit import entries, record
from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role
from bot.roles import invites
from bot.roles.notices import tell_admins_not_started
from bot.roles.service import find_station, grant
from bot.sandbox.harness import Harness
from bot.users import get_user
from handlers.render.roles import ADMIN_COMMANDS, STAFF_COMMANDS, RevokeYes
from knowledge.text.english import name_label
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e

ADMIN = 30001


def chat_menu(harness: Harness, telegram_id: int) -> list[str]:
    """The command menu the server stores for one private chat."""
    return harness.server.commands("", {"type": "chat", "chat_id": telegram_id})


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Station T1 (and T2); the admin and two farmers have opened the bot."""
    async with session_scope() as session:
        await make_station(session, external_id="T1", name="东关站")
        await make_station(session, external_id="T2", name="西关站", lat=36.9, lon=118.8)
    for telegram_id, name in ((ADMIN, "王管理员"), (10005, "赵师傅"), (10006, "钱会计")):
        await harness.user(telegram_id, name).send("/start")
    return harness


async def test_grant_by_reply_and_by_id_then_revoke(county: Harness) -> None:
    admin = county.user(ADMIN, "王管理员")
    zhao = county.user(10005, "赵师傅")
    assert admin.sent is not None
    # The admin's own menu was set at start-up (the config admin).
    assert chat_menu(county, ADMIN) == list(ADMIN_COMMANDS)
    assert chat_menu(county, 10005) == []

    # By reply to a forwarded message: bad arguments first, each with a clear answer.
    await admin.forward("我想在东关站帮忙", zhao)
    forwarded = admin.sent
    assert (await admin.send("/grant boss", reply_to=forwarded)).last.text == t(
        "zh", "roles.bad_role", role="boss"
    )
    assert (await admin.send("/grant staff", reply_to=forwarded)).last.text == t(
        "zh", "roles.error.station_needed"
    )
    # An unknown station: the ones the admin may have meant (blind test).
    assert (await admin.send("/grant staff T9", reply_to=forwarded)).last.text == "\n".join(
        [
            t("zh", "roles.error.unknown_station", station="T9"),
            t("zh", "roles.error.close_stations", stations="T1（东关站）、T2（西关站）"),
        ]
    )
    meant = (await admin.send("/grant staff 西关", reply_to=forwarded)).last
    assert meant.text == "\n".join(
        [
            t("zh", "roles.error.unknown_station", station="西关"),
            t("zh", "roles.error.close_stations", stations="T2（西关站）"),
        ]
    )
    # The station meant is a button continuing the grant: its question, nothing granted yet.
    assert meant.buttons == ["👉 T2（西关站）"]
    asked_t2 = (await admin.press("👉 T2（西关站）", message=meant)).last
    assert meant.buttons == []
    assert asked_t2.text.startswith("把赵师傅（10005）设为西关站（T2）的工作人员？")
    assert asked_t2.buttons == [t("zh", "roles.grant_yes"), t("zh", "roles.grant_no")]
    await admin.press(t("zh", "roles.grant_no"), message=asked_t2)
    assert chat_menu(county, 10005) == []
    # The several meant are a button each.
    several = (await admin.send("/grant staff T9", reply_to=forwarded)).last
    assert several.buttons == ["👉 T1（东关站）", "👉 T2（西关站）"]
    assert (await admin.send("/grant staff XYZ", reply_to=forwarded)).last.text == t(
        "zh", "roles.error.unknown_station", station="XYZ"
    )
    assert (await admin.send("/grant")).texts[0] == t("zh", "roles.no_target")
    await admin.forward("我也想帮忙", hidden_name="匿名")
    assert (await admin.send("/grant staff T1", reply_to=admin.sent)).texts[0] == t(
        "zh", "roles.hidden_forward"
    )
    # Asked first, as /revoke is: who, the role, the station, what they are now.
    asked = (await admin.send("/grant staff T1", reply_to=forwarded)).last
    who = t("zh", "roles.who", name="赵师傅", id=10005)
    # Sandbox walk: 「设为服务站 SG01（…）的服务站工作人员」 said the station twice.
    assert asked.text == "把赵师傅（10005）设为东关站（T1）的工作人员？对方现在是农户。"
    assert asked.buttons == [t("zh", "roles.grant_yes"), t("zh", "roles.grant_no")]
    assert chat_menu(county, 10005) == []  # nothing yet
    replies = await admin.press(t("zh", "roles.grant_yes"))
    assert asked.buttons == []
    assert replies.last.text == t(
        "zh", "roles.granted_station", who=who, role="服务站工作人员", station="T1"
    )
    assert zhao.last.text == t("zh", "roles.you_are_station", role="服务站工作人员", station="T1")
    assert chat_menu(county, 10005) == list(STAFF_COMMANDS)
    # Powers at once: /pickups is theirs now.
    assert t("zh", "guard.staff_only") not in (await zhao.send("/pickups")).texts
    help_text = (await zhao.send("/help")).last.text
    assert help_text is not None and "/pickups" in help_text and "/grant" not in help_text

    # By id: an admin, who gets the admin menu.
    await admin.send("/grant 10006 admin")
    await admin.press(t("zh", "roles.grant_yes"))
    assert chat_menu(county, 10006) == list(ADMIN_COMMANDS)
    # A config admin cannot be revoked in the chat.
    assert (await admin.send(f"/revoke {ADMIN}")).last.text == t(
        "zh", "roles.error.config_admin", user=ADMIN
    )

    # Revoke: asked first, then powers and menu go at once.
    asked = (await admin.send("/revoke 10005")).last
    assert asked.buttons == [t("zh", "roles.revoke_yes"), t("zh", "roles.revoke_no")]
    replies = await admin.press(t("zh", "roles.revoke_yes"))
    assert replies.last.text == t("zh", "roles.revoked", who=who, role="服务站工作人员")
    assert zhao.last.text == t("zh", "roles.you_revoked", role="服务站工作人员")
    assert chat_menu(county, 10005) == []
    assert (await zhao.send("/pickups")).last.text == t("zh", "guard.staff_only")

    async with session_scope() as session:
        actions = [(e.action, e.actor_id, e.target) for e in await entries(session)]
    assert actions[:3] == [
        ("role.revoke", ADMIN, "user 10005"),
        ("role.grant", ADMIN, "user 10006"),
        ("role.grant", ADMIN, "user 10005"),
    ]


async def test_staff_made_admin_is_the_countys_not_a_stations(county: Harness) -> None:
    # Sandbox walk: "/grant 10001 admin" said "…现在是服务站 SG01 的管理员".
    admin, zhao = county.user(ADMIN, "王管理员"), county.user(10005, "赵师傅")
    await admin.send("/grant 10005 staff T1")
    await admin.press(t("zh", "roles.grant_yes"))
    await admin.send("/grant 10005 admin")
    said = (await admin.press(t("zh", "roles.grant_yes"))).last.text
    who = t("zh", "roles.who", name="赵师傅", id=10005)
    assert said == t("zh", "roles.granted", who=who, role="管理员")
    assert zhao.last.text == t("zh", "roles.you_are", role="管理员")
    assert "T1" not in zhao.last.text


async def test_revoking_staff_leaves_their_own_station_as_it_was(county: Harness) -> None:
    # Blind test: a farmer of T2 made staff of T1 and revoked had no station at all.
    admin, zhao = county.user(ADMIN, "王管理员"), county.user(10005, "赵师傅")
    async with session_scope() as session:
        home = await find_station(session, "T2")
        farmer = await get_user(session, 10005)
        assert farmer is not None
        farmer.station_id = home.id
    await admin.send("/grant 10005 staff T1")
    await admin.press(t("zh", "roles.grant_yes"))
    assert zhao.last.text == t("zh", "roles.you_are_station", role="服务站工作人员", station="T1")
    await admin.send("/revoke 10005")
    await admin.press(t("zh", "roles.revoke_yes"))
    assert zhao.last.text == t("zh", "roles.you_revoked", role="服务站工作人员")
    async with session_scope() as session:
        farmer = await get_user(session, 10005)
        assert farmer is not None and farmer.role is Role.farmer
        assert farmer.station_id == home.id


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_revoke_asks_first_and_warns_of_a_station_left_without_staff(
    county: Harness, lang: str
) -> None:
    # Sandbox walk: /revoke 20001 acted at once, and SG01 was left with no staff unsaid.
    admin, zhao = county.user(ADMIN, "王管理员"), county.user(10005, "赵师傅")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    for target in (10005, 10006):
        await admin.send(f"/grant {target} staff T1")
        await admin.press(t(lang, "roles.grant_yes"))
    asked = (await admin.send("/revoke 10005")).last
    who = t(lang, "roles.who", name="赵师傅", id=10005)
    role = t(lang, "roles.name.staff")
    station_name = name_label(lang, "东关站")
    ask = t(
        lang,
        "roles.revoke_ask_station",
        who=who,
        role=role,
        station="T1",
        station_name=station_name,
    )
    assert asked.text == ask  # 钱会计 is still there: no warning
    assert asked.buttons == [t(lang, "roles.revoke_yes"), t(lang, "roles.revoke_no")]
    # ✖️: nothing changes.
    kept = await admin.press(t(lang, "roles.revoke_no"))
    assert kept.last.text == t(lang, "roles.revoke_kept", who=who, role=role)
    async with session_scope() as session:
        user = await get_user(session, 10005)
        assert user is not None and user.role is Role.staff
    # With 钱会计 gone, revoking 赵师傅 would leave T1 with no staff: said before asking.
    await admin.send("/revoke 10006")
    await admin.press(t(lang, "roles.revoke_yes"))
    asked = (await admin.send("/revoke 10005")).last
    warning = t(lang, "roles.revoke_empty_station", station_name=station_name)
    assert asked.text == ask + "\n" + warning
    done = await admin.press(t(lang, "roles.revoke_yes"))
    assert done.last.text == t(lang, "roles.revoked", who=who, role=role)
    assert zhao.last.text == t("zh", "roles.you_revoked", role=t("zh", "roles.name.staff"))
    # A second press of the old ✅: said, not done twice.
    again = await admin.press_data(RevokeYes("10005").encode(), message=asked)
    assert again.last.text == t(lang, "roles.error.not_granted", user=10005)


async def test_invitation_link_works_once_and_expires(county: Harness, clock: PinnedClock) -> None:
    admin = county.user(ADMIN, "王管理员")
    assert (await admin.send("/invite")).last.text == t("zh", "roles.usage_invite")
    assert (await admin.send("/invite T9")).last.text.startswith(
        t("zh", "roles.error.unknown_station", station="T9") + "\n"
    )
    made = await admin.send("/invite T1")
    assert made.texts[0].startswith("这是服务站 T1（东关站）的邀请链接，2026-06-17 10:00 前有效")
    link = made.last.text
    assert link is not None and link.startswith("https://t.me/farmhub_sandbox_bot?start=inv_")
    payload = link.split("?start=", 1)[1]
    async with session_scope() as session:
        late = await invites.create_invite(session, "T2")
    newcomer = county.user(20011, "孙站员")
    replies = await newcomer.send(f"/start {payload}")
    assert replies.texts[0] == t("zh", "invite.welcome", station="T1", name="东关站")
    greeting = replies.last.text
    assert greeting is not None and greeting.startswith(
        t("zh", "start.greeting_work", name="孙站员")
    )
    assert "/pickups" in greeting
    assert chat_menu(county, 20011) == list(STAFF_COMMANDS)

    # The same link again, by someone else: refused, and the normal welcome.
    other = county.user(20012, "周大姐")
    replies = await other.send(f"/start {payload}")
    assert replies.texts == [
        t("zh", "invite.used"),
        t("zh", "start.greeting", name="周大姐"),
    ]
    # A made-up code, and an expired one.
    assert (await other.send("/start inv_nonsense")).texts[0] == t("zh", "invite.invalid")
    clock.advance(timedelta(days=invites.INVITE_DAYS, minutes=1))
    assert (await other.send(f"/start {late.payload}")).texts[0] == t("zh", "invite.expired")
    async with session_scope() as session:
        joined = await get_user(session, 20011)
        refused = await get_user(session, 20012)
        assert joined is not None and joined.role is Role.staff
        assert refused is not None and refused.role is Role.farmer
        assert [e.action for e in await entries(session, user_id=20011)] == [
            "invite.used",
            "role.grant",
        ]


async def test_a_farmer_is_refused_grant_and_audit_and_admins_read_the_log(
    county: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    farmer = county.user(10005, "赵师傅")
    with caplog.at_level(logging.INFO, logger="handlers.guards"):
        assert (await farmer.send("/grant 10005 admin")).last.text == t("zh", "guard.admin_only")
        assert (await farmer.send("/audit")).last.text == t("zh", "guard.admin_only")
    refusals = [r.getMessage() for r in caplog.records if r.name == "handlers.guards"]
    assert len(refusals) == 2 and "farmer 10005" in refusals[0] and "'/grant'" in refusals[0]
    async with session_scope() as session:
        user = await get_user(session, 10005)
        assert user is not None and user.role is Role.farmer
        for n in range(12):
            await record(session, None, "import", f"prices file {n}", via="cli")
        await grant(session, 10006, Role.staff, "T2", actor_id=ADMIN)

    admin = county.user(ADMIN, "王管理员")
    page = (await admin.send("/audit")).last
    assert page.text is not None
    assert page.text.startswith(t("zh", "audit.header", first=1, last=10))
    # In words: 用户 10006, 角色：农户 → 角色：服务站工作人员 (sandbox walk: raw keys).
    assert "王管理员（30001）：授权 用户 10006" in page.text
    assert "角色：农户 → 角色：服务站工作人员" in page.text
    assert page.buttons == [t("zh", "audit.older")]
    older = (await admin.press(t("zh", "audit.older"))).last
    assert older.text is not None and older.text.startswith(
        t("zh", "audit.header", first=11, last=13)
    )
    assert "命令行：导入数据 价格文件 file 0" in older.text  # the kind in words
    assert older.buttons == []
    # One person's changes only.
    mine = (await admin.send(f"/audit {ADMIN}")).last.text
    assert mine is not None and mine.startswith(t("zh", "audit.header", first=1, last=1))
    assert (await admin.send("/audit 张三")).last.text == t("zh", "audit.usage")


async def test_a_question_for_staff_who_never_opened_the_bot_waits_for_their_start(
    county: Harness,
) -> None:
    async with session_scope() as session:
        # Granted before they ever opened the bot: no chat with it yet.
        change = await grant(session, 20021, Role.staff, "T1", via="cli")
        assert change.created and not change.started
        farmer = await get_user(session, 10005)
        assert farmer is not None
        farmer.station_id = (await find_station(session, "T1")).id
    farmer_chat = county.user(10005, "赵师傅")
    offer = await farmer_chat.send("大棚草莓叶子边缘焦枯是什么原因")
    assert offer.last.text == t("zh", "kb.declined")
    await farmer_chat.press(t("zh", "kb.ask_station_button"))
    # Kept for their start, never tried: Telegram would refuse it ("chat not found").
    await county.delivered()
    assert county.server.take_rejections() == []
    async with session_scope() as session:
        assert await tell_admins_not_started(session) == 1
        assert await tell_admins_not_started(session) == 0  # once per staff member
    await county.delivered()
    admin = county.user(ADMIN, "王管理员")
    assert admin.last.text is not None and "20021" in admin.last.text

    staff = county.user(20021, "吴站员")
    await staff.send("/start")
    await county.delivered()
    assert any("大棚草莓叶子边缘焦枯" in m.content for m in staff.messages)
    assert chat_menu(county, 20021) == list(STAFF_COMMANDS)


async def test_an_unknown_station_is_hinted_in_english(county: Harness) -> None:
    admin = county.user(ADMIN, "王管理员")
    await admin.send("/language")
    await admin.press("English")
    said = (await admin.send("/grant 10005 staff 西关")).last.text
    assert said == "\n".join(
        [
            t("en", "roles.error.unknown_station", station="西关"),
            t("en", "roles.error.close_stations", stations="T2 " + name_label("en", "西关站")),
        ]
    )
    # The station meant continues the grant: its question, then ✅ grants it.
    meant = "👉 T2 " + name_label("en", "西关站")
    asked = (await admin.press(meant)).last
    assert "T2" in asked.text and asked.buttons == [
        t("en", "roles.grant_yes"),
        t("en", "roles.grant_no"),
    ]
    granted = (await admin.press(t("en", "roles.grant_yes"), message=asked)).last.text
    assert granted.startswith(
        t(
            "en",
            "roles.granted_station",
            who=t("en", "roles.who", name="赵师傅", id=10005),
            role=t("en", "roles.name.staff"),
            station="T2",
        )[:10]
    )
    assert chat_menu(county, 10005) == list(STAFF_COMMANDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_grant_asks_first_keeps_on_no_and_is_audited_on_yes(
    county: Harness, lang: str
) -> None:
    # /grant acted at once while /revoke asked: a mistyped id made someone staff unasked.
    admin, zhao = county.user(ADMIN, "王管理员"), county.user(10005, "赵师傅")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    who = t(lang, "roles.who", name="赵师傅", id=10005)
    staff, boss = t(lang, "roles.name.staff"), t(lang, "roles.name.admin")

    async def grant_actions() -> list[str]:
        async with session_scope() as session:
            return [e.target for e in await entries(session) if e.action == "role.grant"]

    asked = (await admin.send("/grant 10005 staff T1")).last
    assert (
        asked.text
        == {
            "zh": "把赵师傅（10005）设为东关站（T1）的工作人员？对方现在是农户。",
            "en": f"Make 赵师傅 (10005) staff at station T1, {name_label('en', '东关站')}? "
            "Right now they are: farmer.",
        }[lang]
    )
    # ✖️: nothing changes, nothing is audited, the person is not told.
    kept = (await admin.press(t(lang, "roles.grant_no"))).last
    assert kept.text == t(lang, "roles.grant_kept", who=who, role=t(lang, "roles.name.farmer"))
    assert asked.buttons == [] and await grant_actions() == []
    async with session_scope() as session:
        farmer = await get_user(session, 10005)
        assert farmer is not None and farmer.role is Role.farmer
    # ✅: granted, audited as the admin's, and the person told.
    await admin.send("/grant 10005 staff T1")
    done = (await admin.press(t(lang, "roles.grant_yes"))).last
    assert done.text == t(lang, "roles.granted_station", who=who, role=staff, station="T1")
    assert await grant_actions() == ["user 10005"]
    assert zhao.last.text == t(
        "zh", "roles.you_are_station", role=t("zh", "roles.name.staff"), station="T1"
    )
    # Already so: said at once, no question.
    again = (await admin.send("/grant 10005 staff T1")).last
    assert again.text == t(lang, "roles.unchanged", who=who, role=staff) and again.buttons == []
    # Staff made admin: the question says what they are now (staff of T1).
    asked = (await admin.send("/grant 10005 admin")).last
    assert (
        asked.text
        == {
            "zh": "把赵师傅（10005）设为管理员？对方现在是服务站 T1 的工作人员。",
            "en": "Make 赵师傅 (10005) admin? Right now they are: staff at station T1.",
        }[lang]
    )
    # Checked again when pressed: made admin meanwhile elsewhere, ✅ says it is unchanged.
    async with session_scope() as session:
        await grant(session, 10005, Role.admin, actor_id=None, via="cli")
    said = (await admin.press(t(lang, "roles.grant_yes"))).last
    assert said.text == t(lang, "roles.unchanged", who=who, role=boss)


async def test_an_invite_to_a_station_not_found_offers_the_one_meant(county: Harness) -> None:
    # Blind test: /invite 伦河 named HL02 but gave no button, as /grant … 祥富 does.
    admin = county.user(ADMIN, "王管理员")
    meant = (await admin.send("/invite 西关")).last
    assert meant.text.startswith(t("zh", "roles.error.unknown_station", station="西关"))
    assert meant.buttons == ["👉 T2（西关站）"]
    made = await admin.press("👉 T2（西关站）", message=meant)
    assert made.texts[0].startswith("这是服务站 T2（西关站）的邀请链接")
    assert (made.last.text or "").startswith("https://t.me/farmhub_sandbox_bot?start=inv_")
    assert meant.buttons == []
    await admin.send("/language")
    await admin.press("English")
    english = (await admin.send("/invite 西关")).last
    label = "👉 T2 " + name_label("en", "西关站")
    assert english.buttons == [label]
    link = (await admin.press(label, message=english)).last.text or ""
    assert link.startswith("https://t.me/farmhub_sandbox_bot?start=inv_")


async def test_a_question_answered_before_they_opened_the_bot_is_not_held_for_them(
    county: Harness,
) -> None:
    # Blind test: a staff member opening the bot got held "新问题 #2/#3" with ✍️ 回复 buttons,
    # though both had been answered already.
    async with session_scope() as session:
        await grant(session, 20021, Role.staff, "T1", via="cli")  # never opened the bot
        await grant(session, 20022, Role.staff, "T1", via="cli")
        farmer = await get_user(session, 10005)
        assert farmer is not None
        farmer.station_id = (await find_station(session, "T1")).id
    other = county.user(20022, "郑站员")
    await other.send("/start")
    farmer_chat = county.user(10005, "赵师傅")
    await farmer_chat.send("大棚草莓叶子边缘焦枯是什么原因")
    await farmer_chat.press(t("zh", "kb.ask_station_button"))
    await county.delivered()
    assert county.server.take_rejections() == []  # kept for 20021's start, never tried
    async with session_scope() as session:
        question = await session.scalar(select(OpenQuestion))
    assert question is not None
    await other.send(f"回复{question.id} 是缺钙，叶面喷钙肥")
    await county.delivered()
    assert any("缺钙" in m.content for m in farmer_chat.messages)
    staff = county.user(20021, "吴站员")
    await staff.send("/start")
    await county.delivered()
    assert not any("大棚草莓" in m.content for m in staff.messages)
    assert not any(f"#{question.id}" in m.content for m in staff.messages)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_grant_to_someone_who_never_opened_the_bot_waits_then_arrives_once(
    county: Harness, lang: str
) -> None:
    # Blind test (施甸): /grant 10002 staff … for a user who never opened the bot: the bot
    # said their note would be kept, yet sent it (400 chat not found, again at /quit).
    admin = county.user(ADMIN, "王管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    asked = (await admin.send("/grant 10002 staff T1")).last.text
    # Nameless until they write: the id once, not 用户10002（10002） (blind test).
    assert (
        asked
        == {
            "zh": "把用户10002设为东关站（T1）的工作人员？对方现在是农户。",
            "en": f"Make user 10002 staff at station T1, {name_label('en', '东关站')}? "
            "Right now they are: farmer.",
        }[lang]
    )
    done = (await admin.press(t(lang, "roles.grant_yes"))).last.text or ""
    who = t(lang, "roles.unnamed", id=10002)
    granted = t(
        lang, "roles.granted_station", who=who, role=t(lang, "roles.name.staff"), station="T1"
    )
    assert done == granted + "\n" + t(lang, "roles.not_started_note")
    await county.delivered()
    assert county.server.take_rejections() == []  # not tried
    newcomer = county.user(10002, "孙站员")
    assert newcomer.messages == []
    note = t("zh", "roles.you_are_station", role=t("zh", "roles.name.staff"), station="T1")
    await newcomer.send("/start")
    await county.delivered()
    assert [m.content for m in newcomer.messages].count(note) == 1
    await newcomer.send("/start")  # a second /start releases nothing more
    await county.delivered()
    assert [m.content for m in newcomer.messages].count(note) == 1
    assert county.server.take_rejections() == []
