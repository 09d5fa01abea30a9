"""Staff's and admins' own bottom menu (blind tester, 施甸: docs name a 📢 发通知 button staff
never saw; their menu was the farmers' five): 📋 今天的收货, ❓ 农户问题, 📢 发通知 over the
farmers' 💰 查价格, 📦 卖货/收购, 🔔 价格提醒; each does what its command does, zh and en."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from handlers.render import MENU_KEYS, STAFF_MENU_KEYS
from tests.e2e.county import load_county
from tests.e2e.questions_util import speaks

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_staff_get_their_own_menu_and_its_buttons_work(harness: Harness, lang: str) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    await speaks(lang, 20001)
    await staff.send("/start")
    menu = [t(lang, key) for key in STAFF_MENU_KEYS]
    assert staff.keyboard == menu
    # Two rows of three, for an older phone.
    rows = (staff.chat.keyboard or {})["keyboard"]
    assert [len(row) for row in rows] == [3, 3]
    pickups = await staff.send(t(lang, "menu.staff_pickups"))
    assert (pickups.texts[0] or "").startswith("🏪"), pickups.texts
    questions = await staff.send(t(lang, "menu.staff_questions"))
    assert questions.last.text == t(lang, "questions.none_open")
    notice = await staff.send(t(lang, "broadcasts.menu_button"))
    assert notice.last.text == t(lang, "broadcasts.ask_text")
    await staff.send("/cancel")
    # Every reply keeps the staff's menu (not the farmers', as before).
    await staff.send(t(lang, "menu.prices"))
    assert staff.keyboard == menu
    await staff.send("/help")
    assert staff.keyboard == menu


async def test_admins_get_it_and_farmers_keep_theirs(harness: Harness) -> None:
    await load_county(harness)
    admin = harness.user(30001, "王管理员")
    await admin.send("/help")
    assert admin.keyboard == [t("zh", key) for key in STAFF_MENU_KEYS]
    farmer = harness.user(10009, "赵大姐")
    await farmer.send("/start")
    assert farmer.keyboard == [t("zh", key) for key in MENU_KEYS]
    # A staff button typed by a farmer (an old keyboard after a revoke): refused politely.
    said = await farmer.send(t("zh", "menu.staff_pickups"))
    assert said.last.text == t("zh", "guard.staff_only")
