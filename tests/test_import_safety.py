"""Imports and exports are safe with hostile files (issue 10, items 4, 5, 10, 11, 12).

- every export format round-trips exactly (line breaks, record separators,
  control characters), checked as a property with hypothesis;
- spreadsheet formulas are neutralised on export (a leading `'`) and restored on
  import; XLSX escapes characters XML cannot hold as `_xHHHH_` (reversibly);
- a long file name, huge cells and numbers, NUL bytes, lone surrogates and
  absurd dates are refused as `row N, column C: problem`, the database unchanged;
- YAML anchors and aliases are refused, and file sizes are limited before parsing.
"""

from __future__ import annotations

import asyncio
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from bot.alerts.importer import import_alerts, import_prices
from bot.cli import main
from bot.core.config import get_settings
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.imports import ImportFailed, ImportOptions, read_table
from bot.models.alerts import AlertSubscription
from bot.models.knowledge import KbEntry
from bot.models.markets import MarketPrice
from bot.models.stations import Station
from bot.models.users import User
from bot.stations.file_checks import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from bot.stations.importer import write_rows
from knowledge.kb.entries import CATEGORIES, Entry, read_entries, write_entries
from knowledge.kb.repository import all_entries, upsert_entries
from knowledge.kb.search import engine
from tests.markets_util import seed_markets

FORMATS = [".csv", ".xlsx", ".yaml", ".json"]
KB_HEADER = "id,question,answer,alt_questions,tags,category\n"
# Characters that broke the CSV reader (str.splitlines splits on all of them).
SEPARATORS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
STATION_HEADER = ",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
STATION = "S1,甲站,36.88,118.74,寿光市某路1号,0536-5000001,08:00-18:00,{cap},蔬菜,postal,no,东村"


# --- helpers ------------------------------------------------------------------------


async def cli(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run `farmhub ARGS` on the test database, as the admin would, in its own thread."""
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    get_settings.cache_clear()
    await dispose_engine()  # the CLI opens and closes its own engine
    try:
        code = await asyncio.to_thread(main, list(args))
    finally:
        init_engine(db)
    out, err = capsys.readouterr()
    return code, out, err


async def count(model: type) -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def store(*entries: Entry) -> None:
    async with session_scope() as session:
        await upsert_entries(session, list(entries), engine(), by="test")


async def stored_entries() -> list[Entry]:
    async with session_scope() as session:
        return await all_entries(session)


def kb_csv(tmp_path: Path, *rows: str, name: str = "kb.csv") -> Path:
    path = tmp_path / name
    path.write_text(KB_HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


# --- item 4: every export format round-trips exactly --------------------------------

NASTY = Entry(
    id="nasty-1",
    question="西红柿叶子\u2028发黄\x1c怎么办",
    answer="第一，追施尿素。\n第二，\r\n叶面喷肥\x0b\x0c\x1d\x1e\x85\u2029\x07铃。\n\n——农技站",
    alt_questions=["番茄黄叶\n咋办", "柿子\x85叶子黄"],
    tags=["西红柿", "黄\u2028叶"],
    category="pests_diseases",
)
PLAIN = Entry("plain-1", "土豆怎么储存", "放在阴凉处。\n2-4℃。", ["洋芋发芽"], ["土豆"], "storage")


@pytest.mark.parametrize("suffix", FORMATS)
async def test_kb_export_then_import_keeps_every_character(
    db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    await store(NASTY, PLAIN)
    exported = tmp_path / f"kb{suffix}"
    assert (await cli(db, monkeypatch, capsys, "kb", "export", str(exported)))[0] == 0
    code, out, err = await cli(db, monkeypatch, capsys, "kb", "import", str(exported))
    assert (code, err) == (0, "")
    assert "0 added, 0 updated, 2 unchanged" in out
    assert await stored_entries() == [NASTY, PLAIN]


def test_csv_record_separators_inside_a_cell_are_one_record(tmp_path: Path) -> None:
    answer = "甲" + "乙".join(SEPARATORS) + "丙"
    path = tmp_path / "kb.csv"
    write_entries(path, [Entry("a", "问", answer, category="planting")])
    assert read_entries(path) == [Entry("a", "问", answer, category="planting")]


# Text as the bot stores it: any character but NUL and lone surrogates, with
# the troublemakers (separators, formula starts, quotes, XLSX escapes) common.
SNIPPETS = [*SEPARATORS, "\x07", "\x01", "=", "+", "-", "@", "'", "\t", '"']
SNIPPETS += [",", "|", "_x0041_", "_x005F_", "#N/A", "\ufffe", "\uffff", "\ufeff", "  ", "1"]
CHARACTERS = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
TEXT = st.lists(st.one_of(CHARACTERS, st.sampled_from(SNIPPETS)), max_size=25).map("".join)


def _stored(text: str) -> str:
    # Imports strip every cell (a spreadsheet's stray spaces are not data).
    return text.strip()


STORED_TEXT = TEXT.map(_stored).filter(bool)
LIST_ITEM = STORED_TEXT.map(lambda t: _stored(t.replace("|", "/"))).filter(bool)
ENTRY_ID = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,20}", fullmatch=True)
PHOTO = st.one_of(st.none(), STORED_TEXT.map(lambda t: t.replace(" ", "")).filter(bool))


@st.composite
def entry_lists(draw: st.DrawFn) -> list[Entry]:
    ids = draw(st.lists(ENTRY_ID, min_size=1, max_size=4, unique=True))
    return [
        Entry(
            id=entry_id,
            question=draw(STORED_TEXT),
            answer=draw(STORED_TEXT),
            alt_questions=draw(st.lists(LIST_ITEM, max_size=3)),
            tags=draw(st.lists(LIST_ITEM, max_size=3)),
            # A fixed set: anything else is refused (test_kb_categories).
            category=draw(st.sampled_from(CATEGORIES)),
            photo=draw(PHOTO),
        )
        for entry_id in ids
    ]


@pytest.mark.parametrize("suffix", FORMATS)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=entry_lists())
def test_kb_files_round_trip_exactly(tmp_path: Path, suffix: str, entries: list[Entry]) -> None:
    # XLSX cannot hold control characters or U+FFFE/U+FFFF: they are escaped
    # reversibly as _xHHHH_ (and a literal "_x" + 4 hex digits + "_" as _x005F_...),
    # so the property holds for XLSX exactly, nothing stripped.
    path = tmp_path / f"kb{suffix}"
    write_entries(path, entries)
    assert read_entries(path) == [
        Entry(e.id, e.question, e.answer, e.alt_questions, e.tags, e.category, e.photo)
        for e in entries
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(st.lists(TEXT, min_size=2, max_size=2), min_size=1, max_size=4))
def test_sheet_cells_round_trip_exactly(
    tmp_path: Path, suffix: str, cells: list[list[str]]
) -> None:
    # Raw cells, unstripped: what write_rows writes, read_table reads back.
    path = tmp_path / f"rows{suffix}"
    rows = [{"id": f"r{i}", "a": a, "b": b} for i, (a, b) in enumerate(cells)]
    write_rows(path, ["id", "a", "b"], rows)
    table = read_table(path)
    assert table.header == ["id", "a", "b"]
    assert [row.cells for row in table.rows] == rows
    assert [row.number for row in table.rows] == list(range(2, 2 + len(rows)))


# --- item 5: formulas neutralised, control characters survive XLSX -------------------

FORMULAS = Entry(
    id="f-1",
    question='=HYPERLINK("http://example.invalid/x","点这里领补贴")',
    answer="+1 元/斤",
    alt_questions=["-不要", "@SUM(A1)"],
    tags=["'quoted", "=1+1"],
    category="subsidies_insurance",
)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_kb_export_neutralises_formulas_and_import_restores_them(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"kb{suffix}"
    write_entries(path, [FORMULAS])
    if suffix == ".xlsx":
        sheet = load_workbook(path).worksheets[0]
        cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        texts = [str(c.value) for c in cells]
    else:
        texts = [v for row in read_raw_csv(path) for v in row]
    assert not [t for t in texts if t.startswith(DANGEROUS)]
    assert '\'=HYPERLINK("http://example.invalid/x","点这里领补贴")' in texts
    assert "''quoted|=1+1" in texts  # a leading ' is escaped too, so the rule is exact
    assert read_entries(path) == [FORMULAS]


def read_raw_csv(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_xlsx_export_escapes_control_characters_reversibly(tmp_path: Path) -> None:
    entry = Entry("bell", "响铃\x07吗", "a\x01b\x1fc\rd_x0007_e", category="planting")
    path = tmp_path / "kb.xlsx"
    write_entries(path, [entry])  # raised IllegalCharacterError before
    raw = [c.value for c in load_workbook(path).worksheets[0][2]]
    assert raw[1] == "响铃_x0007_吗"
    assert raw[2] == "a_x0001_b_x001F_c_x000D_d_x005F_x0007_e"
    assert read_entries(path) == [entry]  # escaped, not stripped: exact


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_stations_export_neutralises_formulas(
    db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    source = tmp_path / "stations.csv"
    row = STATION.format(cap=10).replace("甲站", '"=HYPERLINK(""http://x.invalid"",""领补贴"")"')
    row = row.replace("寿光市某路1号", "@寿光\x07")
    source.write_text(f"{STATION_HEADER}\n{row}\n", encoding="utf-8")
    assert (await cli(db, monkeypatch, capsys, "stations", "import", str(source)))[0] == 0
    exported = tmp_path / f"out{suffix}"
    assert (await cli(db, monkeypatch, capsys, "stations", "export", str(exported)))[0] == 0
    if suffix == ".xlsx":
        cells = [c for r in load_workbook(exported).worksheets[0].iter_rows() for c in r]
        assert all(c.data_type != "f" for c in cells)
        texts = [str(c.value) for c in cells]
    else:
        texts = [v for r in read_raw_csv(exported) for v in r]
    assert not [t for t in texts if t.startswith(DANGEROUS)]
    code, out, _ = await cli(db, monkeypatch, capsys, "stations", "import", str(exported))
    assert code == 0 and "0 added, 0 updated, 1 unchanged" in out
    async with session_scope() as session:
        station = await session.scalar(select(Station))
    assert station is not None
    assert station.name == '=HYPERLINK("http://x.invalid","领补贴")'
    assert station.address == "@寿光\x07"


# --- item 10: a long file name --------------------------------------------------------


async def test_kb_import_with_a_long_file_name(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "2026年12月寿光市农业农村局_蔬菜病虫害防治技术问答汇编_第三批_修订稿_经专家审核后的最终版本_请转发给各乡镇服务站.csv"
    assert len(name) > 57
    path = kb_csv(tmp_path, "pest-1,西红柿叶子发黄怎么办,追施尿素。,,,pests_diseases", name=name)
    code, out, err = await cli(db, monkeypatch, capsys, "kb", "import", str(path))
    assert (code, err) == (0, "") and "1 added" in out
    async with session_scope() as session:
        label = await session.scalar(select(KbEntry.updated_by))
    assert label is not None and len(label) <= 64
    # Still says where it came from: the start of the name and its end.
    assert label.startswith("import:2026年12月寿光市") and label.endswith(
        "请转发给各乡镇服务站.csv"
    )


# --- item 11: refused as row N, column C, the database unchanged ----------------------


async def test_huge_csv_cell_is_a_row_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await store(PLAIN)
    path = kb_csv(tmp_path, "a,问,ok,,,planting", f"b,问,{'长' * 140_000},,,planting")
    code, out, err = await cli(db, monkeypatch, capsys, "kb", "import", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "row 3, column answer: is 140000 characters long; at most 10000",
        "nothing was changed: 1 problem(s) in the file",
    ]
    assert await stored_entries() == [PLAIN]


async def test_nul_byte_is_a_row_error_on_every_database(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kb_csv(tmp_path, "a,问,ok,,,planting", "b,问\x00题,答,,,planting")
    code, _, err = await cli(db, monkeypatch, capsys, "kb", "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == "row 3, column question: contains a NUL character (\\x00)"
    assert await count(KbEntry) == 0
    stations = tmp_path / "stations.csv"
    stations.write_text(f"{STATION_HEADER}\n{STATION.format(cap=10)}\x00\n", encoding="utf-8")
    code, _, err = await cli(db, monkeypatch, capsys, "stations", "import", str(stations))
    assert code == 1 and "row 2, column villages: contains a NUL character" in err
    assert await count(Station) == 0


async def test_lone_surrogate_in_json_is_a_row_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kb.json"
    good = {"id": "a", "question": "问", "answer": "答", "alt_questions": [], "tags": []}
    good["category"] = "planting"
    bad = {**good, "id": "b", "answer": "半个\\ud800字"}
    text = json.dumps([good, bad], ensure_ascii=False).replace("\\\\ud800", "\\ud800")
    path.write_text(text, encoding="utf-8")
    code, _, err = await cli(db, monkeypatch, capsys, "kb", "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == (
        "row 3, column answer: contains an invalid character (\\ud800, half of a surrogate pair)"
        " (entry 2, id b)"
    )
    assert await count(KbEntry) == 0


async def test_huge_slot_capacity_is_a_row_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stations.csv"
    rows = [STATION.format(cap="99999999999999999999"), STATION.format(cap="10/99999999999")]
    rows[1] = rows[1].replace("S1,", "S2,")
    path.write_text("\n".join([STATION_HEADER, *rows]) + "\n", encoding="utf-8")
    code, _, err = await cli(db, monkeypatch, capsys, "stations", "import", str(path))
    assert code == 1
    assert err.splitlines() == [
        "row 2, column slot_capacity: '99999999999999999999': at most 10000 pickups per slot",
        "row 3, column slot_capacity: '10/99999999999': at most 10000000 kg per slot",
        "nothing was changed: 2 problem(s) in the file",
    ]
    assert await count(Station) == 0


async def test_huge_telegram_id_is_a_row_error(db: str, tmp_path: Path) -> None:
    async with session_scope() as session:
        await seed_markets(session, date(2026, 6, 10), days=3)
        session.add(User(telegram_id=10001, name="农户"))
    path = tmp_path / "alerts.csv"
    rows = [
        "10001,西红柿,,daily,07:00",
        f"{2**70},西红柿,,daily,07:00",
        f"{2**53},白菜,,daily,07:00",
    ]
    path.write_text("telegram_id,product,market,kind,value\n" + "\n".join(rows), encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_alerts(
                session, read_table(path), options=ImportOptions(today=date(2026, 6, 10))
            )
    assert [str(e) for e in failed.value.errors] == [
        f"row 3, column telegram_id: '{2**70}' is too large",  # beyond any integer column
        f"row 4, column telegram_id: {2**53} is not a user's Telegram id",  # over 52 bits
    ]
    assert await count(AlertSubscription) == 0


async def test_prices_from_year_one_are_refused(db: str, tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(
        "date,product,market,price,unit\n"
        "2026-06-09,西红柿,寿光农产品物流园,2.5,元/斤\n"
        "0001-01-01,西红柿,寿光农产品物流园,2.5,元/斤\n"
        "2100-01-01,西红柿,寿光农产品物流园,2.5,元/斤\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_prices(
                session, read_table(path), options=ImportOptions(today=date(2026, 6, 10))
            )
    assert [str(e) for e in failed.value.errors] == [
        "row 3, column date: 0001-01-01 is outside 2000-01-01..2099-12-31",
        "row 4, column date: 2100-01-01 is outside 2000-01-01..2099-12-31",
    ]
    assert await count(MarketPrice) == 0


# --- item 12: YAML aliases and file sizes ---------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    # An innocent-looking use of a merge key: accepted (and expanded) before.
    path = tmp_path / "kb.yaml"
    path.write_text(
        "- &base {id: a, question: 问, answer: 答, category: planting}\n- {<<: *base, id: b}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        read_entries(path)
    assert [str(e) for e in failed.value.errors] == [
        "row 1, column -: YAML anchors and aliases (&, *) are not allowed (line 1)"
    ]


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    # 3.9 GB and 35-58 s before the fix: never run that against the old code.
    path = tmp_path / "kb.yaml"
    path.write_text("- " + BILLION_LAUGHS.replace("\n", "\n  "), encoding="utf-8")
    with pytest.raises(ImportFailed, match="anchors and aliases"):
        read_entries(path)


def test_a_file_over_20_mb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(KB_HEADER)
        out.write(("a,问,答,,,planting\n" * 100_000) * 12)
    megabytes = path.stat().st_size / 1024 / 1024
    assert megabytes > 20
    with pytest.raises(ImportFailed) as failed:
        read_table(path)
    assert [str(e) for e in failed.value.errors] == [
        f"row 1, column -: the file is {megabytes:.1f} MB; at most 20 MB (split it into smaller files)"
    ]


def test_more_than_200000_records_are_refused(tmp_path: Path) -> None:
    # Record 200001 is on row 200002 of either; a list's says its entry number too.
    for suffix, after in ((".csv", ""), (".json", " (entry 200001)")):
        path = tmp_path / f"many{suffix}"
        if suffix == ".csv":
            path.write_text("id\n" + "1\n" * 200_001, encoding="utf-8")
        else:
            path.write_text(json.dumps([{"id": 1}] * 200_001), encoding="utf-8")
        with pytest.raises(ImportFailed) as failed:
            read_table(path)
        assert [str(e) for e in failed.value.errors] == [
            f"row 200002, column -: more than 200000 records (split the file){after}"
        ]


def test_an_xlsx_that_unpacks_to_too_much_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "question"])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * (201 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFailed) as failed:
        read_table(path)
    message = str(failed.value.errors[0])
    assert re.fullmatch(r"row 1, column -: the workbook unpacks to \d+ MB; at most 200 MB", message)
