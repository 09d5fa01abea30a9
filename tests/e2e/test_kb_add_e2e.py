"""A county admin's knowledge through the local Bot API server: `/kb add` with its
optional tags and category steps (⏭ skips each), and a YAML base of one question,
answer and tags, its problems said by entry (blind tester's walk)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbEntry, User
from bot.sandbox.client import Replies
from bot.sandbox.harness import Harness, SandboxUser
from bot.users import Visitor, touch

pytestmark = pytest.mark.e2e


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """A farmer and the admin."""
    async with session_scope() as session:
        await touch(session, Visitor(10001, "张大爷"))
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])
    return harness


async def _category_step(admin: SandboxUser, lang: str) -> Replies:
    """Step 4 answered for a test of something else: ⏭ keeps a guess; with nothing alike to
    guess from (a base of no entries yet) there is none, and 种植 is picked."""
    skip = t(lang, "kbadmin.skip")
    if skip in admin.last.buttons:
        return await admin.press(skip)
    return await admin.press("种植" if lang == "zh" else "planting")


async def stored(question: str) -> KbEntry:
    async with session_scope() as session:
        rows = list(await session.scalars(select(KbEntry).where(KbEntry.question == question)))
        assert len(rows) == 1, rows
        return rows[0]


async def test_kb_add_with_tags_and_a_category(county: Harness) -> None:
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    assert (await admin.send("/kb add")).last.text.startswith("第 1 步，共 4 步")
    assert (await admin.send("玉米什么时候追肥")).last.text.startswith("第 2 步，共 4 步")
    # The category is guessed here (the search index is loaded on the first one).
    step3 = (await admin.send("拔节期追一次尿素，每亩10公斤。", within=30)).last
    assert step3.text == t("zh", "kbadmin.ask_tags") and step3.buttons == ["⏭ 跳过"]
    step4 = (await admin.send("玉米、追肥 尿素")).last
    # No entry alike yet: no category is guessed, none ticked, no ⏭ to keep one.
    assert step4.text == t("zh", "kbadmin.ask_category_open")
    assert "⏭ 跳过" not in step4.buttons and "施肥" in step4.buttons
    assert not [b for b in step4.buttons if b.startswith("✓")]
    # The tags step's ⏭ went with it.
    assert step3.buttons == []
    # Typed text at the category step: the buttons again (only under the newest prompt).
    labels = list(step4.buttons)
    again = await admin.send("种植技术")
    assert again[0].text == t("zh", "kbadmin.use_category_buttons")
    assert again.last.buttons == labels and step4.buttons == []
    preview = (await admin.press("施肥")).last
    assert preview.text.startswith("👀 农户问「玉米什么时候追肥」时会看到：")
    assert "标签：玉米、追肥、尿素 · 分类：施肥" in preview.text
    # Nothing is stored before ✅.
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(KbEntry)) == 0
    await admin.press("✅ 确认保存")
    entry = await stored("玉米什么时候追肥")
    assert (entry.tags, entry.category) == (["玉米", "追肥", "尿素"], "fertiliser")
    assert (await farmer.send("玉米什么时候追肥")).last.text.startswith(
        "📖 玉米什么时候追肥\n拔节期追一次尿素"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_kb_add_with_english_tags_ties_the_entry_to_its_products(
    county: Harness, lang: str
) -> None:
    # Blind test: tags typed in English (tomato, pig) were kept in English, so the entry was
    # tied to no product of the Chinese base.
    admin = county.user(30001, "县管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    await admin.send("/kb add")
    await admin.send("西红柿和红薯能套种吗")
    await admin.send("可以，红薯爬蔓前收完西红柿。", within=30)
    step4 = (await admin.send("Tomato, sweet potatoes, intercropping")).last
    said = {"zh": "标签：西红柿、红薯、intercropping", "en": "Tags: 西红柿、红薯、intercropping"}
    preview = (await admin.press(step4.buttons[0].lstrip("✓ "), message=step4)).last
    assert said[lang] in preview.text, preview.text
    await admin.press(t(lang, "price.save"))
    entry = await stored("西红柿和红薯能套种吗")
    assert entry.tags == ["西红柿", "红薯", "intercropping"]


async def test_kb_add_skipping_the_tags_then_picking_a_category(
    county: Harness, clock: PinnedClock
) -> None:
    # The clock is pinned: both entries below are added in the same second, on a loaded
    # machine too (with the wall clock the test failed whenever the second turned).
    admin = county.user(30001, "县管理员")
    await admin.send("/kb add")
    await admin.send("黄瓜白粉病怎么治")
    step3 = (await admin.send("发病初期喷乙嘧酚。")).last
    step4 = (await admin.press("⏭ 跳过", message=step3)).last
    assert step4.text.startswith("第 4 步") and step3.buttons == []
    # The skipped step's button is gone: an old press (a second phone) does nothing.
    stale = await admin.press_data(step4.callback_data[-1], message=step3)
    assert stale.answer is not None and stale.answer.show_alert
    # Nothing alike to guess from: ⏭ is no choice here, a category is (种植).
    assert "⏭ 跳过" not in step4.buttons
    preview = (await admin.press("种植", message=step4)).last
    assert "标签：（无） · 分类：种植" in preview.text
    await admin.press("✅ 确认保存")
    entry = await stored("黄瓜白粉病怎么治")
    assert (entry.tags, entry.alt_questions, entry.category) == ([], [], "planting")
    # A second entry added in the same second is a new one, not a replacement.
    await admin.send("/kb add")
    await admin.send("黄瓜霜霉病怎么治")
    await admin.send("喷烯酰吗啉。")
    await admin.press("⏭ 跳过")
    preview = (await admin.press("病虫害")).last
    assert t("zh", "kbadmin.is_new") in preview.text
    await admin.press("✅ 确认保存")
    assert (await stored("黄瓜霜霉病怎么治")).id == f"{entry.id}-2"
    assert (await stored("黄瓜白粉病怎么治")).answer == "发病初期喷乙嘧酚。"


@pytest.mark.parametrize(
    ("skip", "category"), [("跳过", "养殖"), ("没有", "养殖"), ("/skip", "Livestock")]
)
async def test_kb_add_steps_answered_in_words(county: Harness, skip: str, category: str) -> None:
    # My walk: 跳过 typed at step 3 became a tag 「跳过」, and at step 4 was refused.
    admin = county.user(30001, "县管理员")
    await admin.send("/kb add")
    await admin.send("羊羔怎么补硒")
    step3 = (await admin.send("出生后肌注亚硒酸钠维生素E。", within=30)).last
    assert step3.text == t("zh", "kbadmin.ask_tags")
    step4 = (await admin.send(skip)).last
    assert step4.text.startswith("第 4 步，共 4 步")
    # No guess to keep (nothing alike yet): 跳过 typed here is asked again, as the buttons.
    again = await admin.send("跳过")
    assert again[0].text == t("zh", "kbadmin.use_category_buttons")
    step4 = again.last
    preview = (await admin.send(category)).last
    assert preview.text.startswith("👀 农户问「羊羔怎么补硒」时会看到：")
    assert step4.buttons == []
    await admin.press("✅ 确认保存")
    entry = await stored("羊羔怎么补硒")
    assert entry.tags == []
    assert entry.category == "livestock"


async def test_kb_add_in_english(county: Harness) -> None:
    admin = county.user(30001, "县管理员")
    await admin.send("/language")
    await admin.press("English")
    assert (await admin.send("/kb add")).last.text.startswith("Step 1 of 4")
    await admin.send("玉米什么时候追肥")
    step3 = (await admin.send("拔节期追一次尿素。")).last
    assert step3.text.startswith("Step 3 of 4") and step3.buttons == ["⏭ Skip"]
    step4 = (await admin.send("玉米, 追肥")).last
    assert step4.text == t("en", "kbadmin.ask_category_open")
    assert "⏭ Skip" not in step4.buttons
    preview = (await admin.press("livestock")).last
    assert "Tags: 玉米、追肥 · Category: livestock" in preview.text
    await admin.press("✅ Save")
    entry = await stored("玉米什么时候追肥")
    assert (entry.tags, entry.category) == (["玉米", "追肥"], "livestock")


COUNTY_BASE = """\
- id: c-001
  question: 玉米什么时候追肥
  answer: 拔节期追一次尿素。
  tags: [玉米, 追肥]
- id: c-002
  question: 大棚黄瓜白粉病怎么治
  answer: 发病初期喷乙嘧酚。
"""


async def test_a_yaml_base_without_phrasings_uploads(county: Harness) -> None:
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    preview = (await admin.send_document(COUNTY_BASE.encode(), "county.yaml")).last
    # A YAML list has entries, not rows.
    assert preview.text.startswith("📄 county.yaml：知识条目，共 2 条"), preview.text
    assert "新增 2" in preview.text
    await admin.press("✅ 确认导入")
    assert (await stored("玉米什么时候追肥")).category == "planting"
    assert (await farmer.send("大棚黄瓜白粉病怎么治")).last.text.startswith(
        "📖 大棚黄瓜白粉病怎么治\n发病初期"
    )


BAD_BASE = COUNTY_BASE + (
    "- id: c-003\n  question: 土豆怎么存\n  answer: ''\n"
    "- id: c-001\n  question: 重复\n  answer: 重复\n  category: 种植技术\n"
)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "zh",
            [
                "第 4 行，answer 列：是空的（第 3 条，ID c-003）",
                "第 5 行，category 列：没有 '种植技术' 这个分类，请填其中一个：",
                "第 5 行，id 列：ID 'c-001' 重复了（第一次在第 1 条）（第 4 条，ID c-001）",
            ],
        ),
        (
            "en",
            [
                "row 4, column answer: is empty (entry 3, id c-003)",
                "row 5, column category: '种植技术' is not a category; use one of: ",
                "row 5, column id: duplicate id 'c-001' (first on entry 1) (entry 4, id c-001)",
            ],
        ),
    ],
)
async def test_yaml_problems_are_said_by_entry(
    county: Harness, lang: str, lines: list[str]
) -> None:
    admin = county.user(30001, "县管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    replies = await admin.send_document(BAD_BASE.encode(), "county.yaml")
    text = replies[0].text or ""
    assert replies[0].buttons == []
    for line in lines:
        assert line in text, text
    # Each problem says its row, as the command line does, and the entry an admin counts.
    assert "planting" in text and ("(entry 4, id c-001)" in text or "（第 4 条，ID c-001）" in text)
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(KbEntry)) == 0


async def test_a_weekend_answer_is_not_flagged_is_saved_and_audited_by_its_question(
    county: Harness,
) -> None:
    """Sandbox walk: 「⚠️ 这些话只适合一个农户或某一天…周六（时间）、周日（时间）」 for an answer
    about every weekend, a ✅ 「确认导入」 for one typed entry, and an audit line
    「在聊天里录入条目 条目 admin-…」 with 「新增：1；修改：0；未变：0；导入批次：4」."""
    admin = county.user(30001, "县管理员")
    await admin.send("/kb add")
    await admin.send("周末收货吗")
    await admin.send("周六周日照常收货，每周六上午还有技术员在。", within=30)
    await admin.press("⏭ 跳过")
    preview = (await _category_step(admin, "zh")).last
    assert "⚠️" not in preview.text, preview.text
    assert preview.buttons[0] == t("zh", "price.save") == "✅ 确认保存"
    await admin.press("✅ 确认保存")
    assert (await stored("周末收货吗")).answer.startswith("周六周日照常收货")
    audit = (await admin.send("/audit")).last.text
    assert "在聊天里录入条目 「周末收货吗」" in audit, audit
    assert "条目 条目" not in audit and "导入批次" not in audit and "新增：" not in audit
    # A day of one week is still said before it answers everyone.
    await admin.send("/kb add")
    await admin.send("这周六收货吗")
    await admin.send("这周六不收货，下周照常。")
    await admin.press("⏭ 跳过")
    dated = (await _category_step(admin, "zh")).last
    assert "⚠️" in dated.text and "这周六" in dated.text
    # Flagged wording is a warning with a choice, not a refusal in words only: the text
    # says what each button does, and ✅ says it saves anyway.
    assert "请改掉再通过" not in dated.text
    assert t("zh", "kbadmin.save_anyway") in dated.text
    assert dated.buttons == ["✅ 照样保存", "✖ 取消"]
    await admin.press("✅ 照样保存")
    assert (await stored("这周六收货吗")).answer == "这周六不收货，下周照常。"


async def test_flagged_wording_in_english_offers_save_anyway_or_cancel(county: Harness) -> None:
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 30001).values(language="en"))
    admin = county.user(30001, "County admin")
    await admin.send("/kb add")
    await admin.send("Do you buy eggs on Saturday")
    await admin.send("Not tomorrow; bring them to the station next week.", within=30)
    await admin.press("⏭ Skip")
    preview = (await admin.press("⏭ Skip")).last
    assert "only: tomorrow" in preview.text, preview.text
    assert 'press "✅ Save anyway"' in preview.text and "before approving" not in preview.text
    assert preview.buttons == ["✅ Save anyway", "✖ Cancel"]
    await admin.press("✖ Cancel")
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(KbEntry)) == 0
    # Wording that is not flagged keeps the plain ✅ Save.
    await admin.send("/kb add")
    await admin.send("Do you buy eggs")
    await admin.send("Yes, every Saturday morning.")
    await admin.press("⏭ Skip")
    plain = (await admin.press("⏭ Skip")).last
    assert "⚠️" not in plain.text and plain.buttons[0] == "✅ Save"


async def test_a_variety_number_is_not_a_day(county: Harness) -> None:
    """Blind tester: 「⚠️ 这些话只适合一个农户或某一天：1号（时间）」 for an answer about 台农1号
    mangoes; a day of the month (下个月1号) is still said, in Chinese and in English."""
    admin = county.user(30001, "县管理员")
    await admin.send("/kb add")
    await admin.send("芒果种什么品种好")
    await admin.send("田阳种台农1号和贵妃2号最多，台农1号挂果早。", within=30)
    await admin.press("⏭ 跳过")
    preview = (await _category_step(admin, "zh")).last
    assert "⚠️" not in preview.text and "1号（时间）" not in preview.text, preview.text
    assert preview.buttons[0] == "✅ 确认保存"
    await admin.press("✅ 确认保存")
    assert "台农1号" in (await stored("芒果种什么品种好")).answer
    await admin.send("/kb add")
    await admin.send("芒果什么时候收")
    await admin.send("下个月1号开始收台农1号。")
    await admin.press("⏭ 跳过")
    dated = (await _category_step(admin, "zh")).last
    assert "⚠️" in dated.text and "1号（时间）" in dated.text, dated.text
    assert "台农" not in dated.text.split("⚠️")[1].split("\n")[0]
    await admin.press("✖ 取消")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 30001).values(language="en"))
    await admin.send("/kb add")
    await admin.send("Which mango variety grows best")
    await admin.send("Most farmers grow 台农1号 and 贵妃2号 here.", within=30)
    await admin.press("⏭ Skip")
    plain = (await _category_step(admin, "en")).last
    assert "⚠️" not in plain.text and plain.buttons[0] == "✅ Save", plain.text
    await admin.send("/kb add")
    await admin.send("When do you buy mangoes")
    await admin.send("From 1号 next month.")
    await admin.press("⏭ Skip")
    dated = (await _category_step(admin, "en")).last
    assert "⚠️" in dated.text and "1号" in dated.text, dated.text
