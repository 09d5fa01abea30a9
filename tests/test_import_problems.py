"""Import problems are data: said in English on the command line (exactly as always) and in
the admin's language in the chat, from the catalogues."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest

from bot.admindata.previews import KnownMarket, NewMarket, Preview
from bot.alerts.importer import alert_problem
from bot.alerts.model import AlertError
from bot.core.i18n import catalogue, t
from bot.imports import (
    Checker,
    ImportFailed,
    ImportResult,
    ProblemError,
    Row,
    RowError,
    Table,
    check_header,
    failure_lines,
    parse_date,
    parse_float,
    parse_int,
    parse_latitude,
    parse_positive,
    problem,
    read_table,
)
from bot.markets.demand_import import parse_quantity_unit
from bot.markets.importer import parse_product, plausible_price
from bot.markets.prices import price_unit
from bot.stations.file_checks import parse_bool, parse_hours, parse_products, parse_slots
from handlers.render import admin_data as view

ROOT = Path(__file__).resolve().parents[1]


def said(lang: str, parse: object, raw: str) -> str:
    """What a parser's refusal of `raw` says in `lang`, as a chat line of row 2, column c."""
    checker = Checker()
    assert callable(parse)
    checker.cell(Row(2, {"c": raw}), "c", parse)
    [error] = checker.errors
    return error.text(lang)


def test_a_bad_number_in_both_languages() -> None:
    error = RowError(2, "price", problem("not_number", raw="abc"))
    assert error.text("zh") == "第 2 行，price 列：'abc' 不是数字"
    # English in the chat is the command line's line, word for word.
    assert error.text("en") == str(error) == "row 2, column price: 'abc' is not a number"


@pytest.mark.parametrize(
    ("parse", "raw", "zh", "en"),
    [
        (parse_float, "abc", "'abc' 不是数字", "'abc' is not a number"),
        (parse_positive, "-1", "'-1' 必须大于 0", "'-1' must be greater than 0"),
        (parse_int, "1.5", "'1.5' 不是整数", "'1.5' is not a whole number"),
        (parse_int, "9" * 25, f"'{'9' * 25}' 太大了", f"'{'9' * 25}' is too large"),
        (
            parse_date,
            "2025/1-2",
            "'2025/1-2' 不是日期，要写成 YYYY-MM-DD",
            "'2025/1-2' is not a date YYYY-MM-DD",
        ),
        (
            parse_date,
            "1999-12-31",
            "1999-12-31 不在 2000-01-01 到 2099-12-31 之间",
            "1999-12-31 is outside 2000-01-01..2099-12-31",
        ),
        (parse_latitude, "95", "纬度 95 不在 -90 到 90 之间", "latitude 95 is outside -90..90"),
        (
            price_unit,
            "元/两",
            "不认识的单位 '元/两'（请用 元/斤 或 元/公斤）",
            "unknown unit '元/两' (use 元/斤 or 元/公斤)",
        ),
        (
            parse_quantity_unit,
            "箱",
            "不认识的单位 '箱'（请用 斤、公斤 或 吨；按头数收的牲畜用 只 或 头）",
            "unknown unit '箱' (use 斤, 公斤 or 吨, or 只 / 头 for animals by the head)",
        ),
        (
            plausible_price("斤"),
            "2000",
            "价格 2000 元/斤 不太可能（超过 1000 元/斤）",
            "price 2000 元/斤 is not plausible (over 1000 元/斤)",
        ),
        (
            parse_product,
            "西红事",
            "不认识的产品 '西红事'（最接近的：西红柿）",
            "unknown product '西红事' (closest: 西红柿)",
        ),
        (parse_bool, "maybe", "'maybe' 不是 是/否", "'maybe' is not yes or no"),
        (
            parse_hours,
            "18:00-08:00",
            "'18:00-08:00'：关门时间要晚于开门时间",
            "'18:00-08:00': closing time must be after opening time",
        ),
        (
            parse_hours,
            "25:00-26:00",
            "'25:00' 不是 HH:MM 格式的时间",
            "'25:00' is not a time of day HH:MM",
        ),
        (
            lambda raw: parse_slots(raw, time(8), time(18)),
            "07:00-09:00=5",
            "时段 07:00-09:00 超出了营业时间 08:00-18:00",
            "slot 07:00-09:00 is outside the opening hours 08:00-18:00",
        ),
    ],
)
def test_every_parser_says_its_problem_in_both_languages(
    parse: object, raw: str, zh: str, en: str
) -> None:
    assert said("zh", parse, raw) == f"第 2 行，c 列：{zh}"
    assert said("en", parse, raw) == f"row 2, column c: {en}"


def test_lists_inside_a_problem_use_the_languages_separator() -> None:
    with pytest.raises(ImportFailed) as failed:
        check_header(Table(["date", "日期"], []), ["date", "price"])
    missing, unknown = failed.value.errors
    assert str(missing) == "row 1, column price: required column is missing"
    assert missing.text("zh") == "第 1 行，price 列：缺少这一列（必填）"
    assert str(unknown) == "row 1, column 日期: unknown column (expected date, price)"
    assert unknown.text("zh") == "第 1 行，日期 列：不认识这一列（应为：date、price）"


def test_a_problem_inside_a_problem_is_said_in_the_same_language() -> None:
    checker = Checker()
    checker.cell(Row(2, {"products": "苹菓|番茄"}), "products", parse_products)
    checker.cell(Row(3, {"products": "苹菓|xyz"}), "products", parse_products)
    one, two = checker.errors
    assert str(one) == (
        "row 2, column products: unknown product '苹菓' (did you mean 苹果?); "
        "use a product name or a category (蔬菜, 粮食, 水果, 油料, 菌菇, 畜禽, 经济作物, 干果)"
    )
    assert one.text("zh") == (
        "第 2 行，products 列：不认识的产品 '苹菓'（是不是 苹果？）；"
        "请写产品名或类别（蔬菜、粮食、水果、油料、菌菇、畜禽、经济作物、干果）"
    )
    # Two unknown words: their hints joined the language's way, each said in it.
    assert "'苹菓' (did you mean 苹果?), 'xyz';" in str(two)  # xyz is like nothing
    assert "'苹菓'（是不是 苹果？）、'xyz'；" in two.text("zh")


@pytest.mark.parametrize(
    "raw", ["2026-12-05", "2026/12/05", "2026.12.05", "2026/12/5", " 2026.12.05 "]
)
def test_a_date_with_slashes_or_dots_is_read(raw: str) -> None:
    assert parse_date(raw) == date(2026, 12, 5)


@pytest.mark.parametrize("raw", ["2026/12-05", "20261205", "12/05/2026", "2026/13/05", "2026.2.30"])
def test_a_date_not_one_of_those_forms_is_refused(raw: str) -> None:
    with pytest.raises(ProblemError):
        parse_date(raw)


def test_a_whole_file_problem_has_no_column_in_chinese() -> None:
    with pytest.raises(ImportFailed) as failed:
        read_table(b"", "empty.csv")
    [error] = failed.value.errors
    assert str(error) == "row 1, column -: the file is empty"
    assert error.text("en") == str(error)
    assert error.text("zh") == "第 1 行：文件是空的"
    with pytest.raises(ImportFailed) as failed:
        read_table(b"\x89PNG\r\n\x1a\n....", "photo.csv")
    [error] = failed.value.errors
    assert str(error) == "row 1, column -: not a CSV file: it is a PNG picture"
    assert error.text("zh") == "第 1 行：不是 CSV 文件：这是 PNG 图片"


def test_an_unforeseen_value_error_is_said_as_it_is() -> None:
    def odd(raw: str) -> str:
        raise ValueError(f"odd {raw}")

    assert said("zh", odd, "x") == "第 2 行，c 列：odd x"
    assert said("en", odd, "x") == "row 2, column c: odd x"


def test_alert_subscription_problems_for_the_admin() -> None:
    refused = AlertError("unknown_product", column="product", word="火龙果干", closest="火龙果")
    assert str(alert_problem(refused)) == "unknown product '火龙果干' (closest: 火龙果)"
    assert alert_problem(refused).text("zh") == "不认识的产品 '火龙果干'（最接近的：火龙果）"
    limit = AlertError("limit", column="telegram_id", max=20)
    assert str(alert_problem(limit)) == "this farmer would have more than 20 alerts"
    assert alert_problem(limit).text("zh") == "这个农户的提醒会超过 20 个"


def test_the_command_lines_lines_stay_english_and_the_report_follows_the_admin() -> None:
    errors = [
        RowError(2, "price", problem("not_number", raw="abc")),
        RowError(3, "date", problem("in_future", day="2026-06-11")),
    ]
    assert failure_lines(errors) == [
        "row 2, column price: 'abc' is not a number",
        "row 3, column date: 2026-06-11 is in the future",
        "nothing was changed: 2 problem(s) in the file",
    ]
    assert failure_lines(errors, "en") == failure_lines(errors)
    assert failure_lines(errors, "zh") == [
        "第 2 行，price 列：'abc' 不是数字",
        "第 3 行，date 列：2026-06-11 还没到，不能晚于今天",
        "什么都没改：文件里有 2 个问题",
    ]
    name, data = view.report("zh", "p.csv", errors)
    assert name == "p-problems.txt"
    assert data.decode().splitlines()[0] == "第 2 行，price 列：'abc' 不是数字"


def test_the_chat_preview_says_problems_in_the_admins_language() -> None:
    errors = [RowError(2, "price", problem("not_number", raw="abc"))]
    preview = Preview(7, "p.csv", "prices", rows=1, result=ImportResult.refused(errors))
    assert view.preview_text("zh", preview).splitlines() == [
        "📄 p.csv：价格，共 1 行",
        "发现 1 个问题，什么都没改：",
        "第 2 行，price 列：'abc' 不是数字",
    ]
    assert view.preview_text("en", preview).splitlines()[-1] == (
        "row 2, column price: 'abc' is not a number"
    )


def test_a_price_files_new_markets_are_named_with_the_closest_known_ones() -> None:
    result = ImportResult(added=2, extra={"markets added": 2, "markets updated": 0})
    close = (KnownMarket(1, "北京新发地农产品批发市场"),)
    new = [NewMarket("北京新发地农产品批发市常", close), NewMarket("县城农贸市场")]
    preview = Preview(7, "p.csv", "prices", rows=2, result=result, new_markets=new)
    zh = view.preview_text("zh", preview)
    assert "新增市场：2" in zh
    assert zh.endswith(
        "⚠️ 确认后会新建这些市场（名字写错了的话，请改好文件再发）：\n"
        "• 北京新发地农产品批发市常（最接近的已有市场：北京新发地农产品批发市场）\n"
        "• 县城农贸市场"
    )
    en = view.preview_text("en", preview)
    # The known market with its pinyin, as English replies name markets; the new one as spelt.
    known = "北京新发地农产品批发市场 (Beijing Xinfadi Nongchanpin Pifashichang)"
    assert f"• 北京新发地农产品批发市常 (closest existing: {known})" in en
    # A file keeps its plain ✅: its new markets are documented and said above.
    keyboard = view.preview_keyboard("zh", preview)
    assert keyboard is not None
    assert [b.text for row in keyboard.inline_keyboard for b in row] == ["✅ 确认导入", "✖ 取消"]


def test_a_price_by_hand_at_an_unknown_market_asks_instead_of_applying() -> None:
    result = ImportResult(added=1, extra={"markets added": 1})
    close = (KnownMarket(2, "山东寿光农产品物流园", "寿光"), KnownMarket(9, "寿光蔬菜批发市场"))
    preview = Preview(
        7,
        "price-by-hand-西红柿-寿光蔬菜批发市常.csv",
        "prices",
        rows=1,
        result=result,
        new_markets=[NewMarket("寿光蔬菜批发市常", close)],
    )
    assert view.preview_text("zh", preview).splitlines()[:2] == [
        "⚠️ 没有「寿光蔬菜批发市常」这个市场，价格还没有保存。",
        "是不是「寿光」，还是「寿光蔬菜批发市场」？",
    ]
    assert view.preview_text("en", preview).splitlines()[:2] == [
        '⚠️ There is no market "寿光蔬菜批发市常"; the price is not saved yet.',
        "Did you mean 寿光 (Shouguang) or 寿光蔬菜批发市场 (Shouguang Shucai Pifashichang)?",
    ]
    keyboard = view.preview_keyboard("zh", preview)
    assert keyboard is not None
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert [b.text for b in buttons] == [
        "👉 改用 山东寿光农产品物流园",
        "👉 改用 寿光蔬菜批发市场",
        "➕ 新建市场并保存",
        "✖ 取消",
    ]
    # No plain ✅: creating the market is its own button, the apply's explicit flag.
    assert [b.callback_data for b in buttons[:3]] == ["ad:pm:7:2", "ad:pm:7:9", "ad:ok:7:1"]
    assert view.ApplyUpload.parse("ad:ok:7") == view.ApplyUpload(7, 0)


def test_every_problem_key_the_code_names_is_in_both_catalogues() -> None:
    named: set[str] = set()
    pattern = re.compile(r'(?:problem|ProblemError)\(\s*"([a-z_.]+)"')
    for folder in ("bot", "knowledge"):
        for path in (ROOT / folder).rglob("*.py"):
            named |= set(pattern.findall(path.read_text(encoding="utf-8")))
    # Keys made at run time: what a binary file is, and every alert refusal.
    from bot.imports.table import _MAGIC

    named |= {f"binary.{key}" for _, key in _MAGIC} | {"binary.data"}
    codes = set()
    for path in (ROOT / "bot" / "alerts").glob("*.py"):
        codes |= set(re.findall(r'AlertError\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    named |= {f"alert.{code}" for code in codes}
    assert len(named) > 90
    for lang in ("zh", "en"):
        missing = {key for key in named if f"imports.problem.{key}" not in catalogue(lang)}
        assert not missing, (lang, missing)


def test_importers_raise_problems_not_sentences() -> None:
    # A bare ValueError would reach the chat in English: parsers raise ProblemError.
    for name in (
        "bot/imports/checks.py",
        "bot/markets/importer.py",
        "bot/stations/importer.py",
        "bot/stations/file_checks.py",
        "bot/stations/gazetteer.py",
        "bot/alerts/importer.py",
        "knowledge/kb/entries.py",
    ):
        assert "raise ValueError(" not in (ROOT / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("raw", ["2,5", "2,50", "1,2,3", "12,34"])
def test_a_decimal_comma_is_refused_not_multiplied(raw: str) -> None:
    # 2,5 was read as 25: a price ten times too high reached farmers' alerts (sandbox walk).
    with pytest.raises(ProblemError) as caught:
        parse_float(raw)
    assert "2.5" in caught.value.problem.text("en") and "2.5" in caught.value.problem.text("zh")


@pytest.mark.parametrize(("raw", "value"), [("2,500", 2500.0), ("12,345.6", 12345.6), ("2.5", 2.5)])
def test_thousands_separators_still_read(raw: str, value: float) -> None:
    assert parse_float(raw) == value


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("元/斤", "斤"),
        ("yuan/jin", "斤"),
        ("yuan/kg", "公斤"),
        ("/kg", "公斤"),
        ("rmb per kg", "公斤"),
    ],
)
def test_a_price_unit_in_english_as_the_help_writes_it(raw: str, unit: str) -> None:
    # The English /price help says yuan/jin; the command refused it (sandbox walk).
    assert price_unit(raw) == unit


@pytest.mark.parametrize(
    ("lang", "plain", "anyway"),
    [("zh", "✅ 确认保存", "✅ 照样保存"), ("en", "✅ Save", "✅ Save anyway")],
)
def test_a_typed_entry_with_flagged_wording_is_saved_only_on_purpose(
    lang: str, plain: str, anyway: str
) -> None:
    preview = Preview(5, "kb-by-hand-admin-1.csv", "kb", rows=1, result=ImportResult(added=1))

    def labels(flagged: bool) -> list[str]:
        keyboard = view.preview_keyboard(lang, preview, flagged=flagged)
        assert keyboard is not None
        return [b.text for row in keyboard.inline_keyboard for b in row]

    assert labels(False)[0] == plain
    assert labels(True)[0] == anyway
    # The warning names the same button it offers (the catalogue's own label).
    assert anyway in t(lang, "kbadmin.flags", words="明天")
    # A file's ✅ is unchanged by the flag: its flagged rows are listed, it is imported.
    file_preview = Preview(6, "kb.csv", "kb", rows=3, result=ImportResult(added=3))
    keyboard = view.preview_keyboard(lang, file_preview, flagged=True)
    assert keyboard is not None
    assert keyboard.inline_keyboard[0][0].text == t(lang, "admindata.apply")
