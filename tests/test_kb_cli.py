"""The `farmhub kb` contract: import (all or nothing), export, search --json."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.cli import main
from knowledge.kb.search import Decision, engine

HEADER = "id,question,answer,alt_questions,tags,category\n"
GOOD = (
    HEADER
    + "pest-1,西红柿叶子发黄怎么办,下部老叶发黄多为缺氮，追施尿素。,番茄黄叶|柿子叶子黄,西红柿|黄叶,pests_diseases\n"
    + "store-1,土豆怎么储存不发芽,放在阴凉黑暗处，2-4℃。,洋芋发芽|山药蛋发芽,土豆|储存,storage\n"
)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SQLite database for in-process CLI runs."""
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_reimport_changes_nothing(
    cli_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cli_db / "kb.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert run(capsys, "kb", "import", str(path))[:2] == (
        0,
        "knowledge base: 2 added, 0 updated, 0 unchanged\n",
    )
    assert "0 added, 0 updated, 2 unchanged" in run(capsys, "kb", "import", str(path))[1]


def test_bad_file_reports_every_row_and_changes_nothing(
    cli_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = cli_db / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    run(capsys, "kb", "import", str(good))
    bad = cli_db / "bad.csv"
    bad.write_text(
        HEADER
        + "pest-1,西红柿叶子发黄怎么办,改过的答案,,,pests_diseases\n"  # valid on its own
        + "new-1,,有答案没问题,,,planting\n"
        + "new 2,问题,答案,,,planting\n"
        + "pest-1,重复,重复,,,planting\n"
        + "new-3,问题,,,,\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "kb", "import", str(bad))
    assert code == 1
    assert err.splitlines() == [
        "row 3, column question: is empty",
        "row 4, column id: 'new 2' is not a valid id (letters, digits, - _ . ; at most 64)",
        "row 5, column id: duplicate id 'pest-1' (first on row 2)",
        "row 6, column answer: is empty",
        "nothing was changed: 4 problem(s) in the file",
    ]
    out = cli_db / "out.yaml"
    run(capsys, "kb", "export", str(out))
    text = out.read_text(encoding="utf-8")
    assert "改过的答案" not in text and "new-1" not in text


def test_bad_header_names_the_column(cli_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cli_db / "kb.csv"
    path.write_text("id,question,category\n1,问,planting\n", encoding="utf-8")
    code, _, err = run(capsys, "kb", "import", str(path))
    assert code == 1
    assert "row 1, column answer: required column is missing" in err
    assert "alt_questions" not in err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".yaml", ".json"])
def test_export_import_round_trip(
    cli_db: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    source = cli_db / "kb.csv"
    source.write_text(GOOD, encoding="utf-8")
    run(capsys, "kb", "import", str(source))
    exported = cli_db / f"export{suffix}"
    assert run(capsys, "kb", "export", str(exported))[0] == 0
    assert "0 added, 0 updated, 2 unchanged" in run(capsys, "kb", "import", str(exported))[1]


def test_xlsx_import(cli_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "question", "answer", "alt_questions", "tags", "category"])
    sheet.append(["live-1", "鸡不下蛋怎么办", "补光补钙。", "母鸡不下蛋", "鸡", "livestock"])
    book.save(cli_db / "kb.xlsx")
    assert "1 added" in run(capsys, "kb", "import", str(cli_db / "kb.xlsx"))[1]


def test_search_json(
    cli_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cli_db / "kb.csv"
    path.write_text(GOOD, encoding="utf-8")
    run(capsys, "kb", "import", str(path))
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("洋芋老是发芽咋办\n\n拖拉机发动机怎么修\n西红柿多少钱一斤\n")
    )
    code, out, _ = run(capsys, "kb", "search", "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == [
        "洋芋老是发芽咋办",
        "拖拉机发动机怎么修",
        "西红柿多少钱一斤",
    ]
    assert lines[0]["intent"] == "knowledge"
    assert lines[0]["results"][0]["id"] == "store-1"
    assert set(lines[0]["results"][0]) == {"id", "score"}
    assert lines[2]["intent"] == "price"
    # What the bot would do with each: answer, offer the first three, or decline.
    assert [line["decision"] for line in lines[:2]] == ["answer", "decline"]
    # A decline still lists what came close, best first (it printed [] and hid them).
    declined = engine().search("拖拉机发动机怎么修")
    assert declined.decision is Decision.decline and declined.results
    assert lines[1]["results"] == [
        {"id": r.entry_id, "score": r.confidence} for r in declined.results
    ]
    assert all(set(line) == {"query", "intent", "decision", "results"} for line in lines)


def test_search_json_suggest_offers_the_first_three(
    cli_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cli_db / "kb.csv"
    path.write_text(
        HEADER
        + "store-1,土豆怎么储存不发芽,放阴凉黑暗处。,,土豆|储存,storage\n"
        + "store-2,土豆储存怎么防冻,窖温不低于1℃。,,土豆|防冻,storage\n",
        encoding="utf-8",
    )
    run(capsys, "kb", "import", str(path))
    # Nothing is certain enough to answer: whatever is close is offered.
    monkeypatch.setattr("knowledge.kb.decision.ANSWER_AT", 1.01)
    monkeypatch.setattr("sys.stdin", io.StringIO("土豆储存\n"))
    code, out, _ = run(capsys, "kb", "search", "--json")
    assert code == 0
    line = json.loads(out)
    assert line["decision"] == "suggest"
    assert {r["id"] for r in line["results"][:3]} == {"store-1", "store-2"}


def test_search_json_reads_english_as_the_chat_does(
    cli_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A blind walk: an entry's own English question was declined here, answered in the chat.
    path = cli_db / "kb.csv"
    path.write_text(GOOD, encoding="utf-8")
    run(capsys, "kb", "import", str(path))
    monkeypatch.setattr("sys.stdin", io.StringIO("my potatoes keep sprouting, what to do\n"))
    code, out, _ = run(capsys, "kb", "search", "--json")
    line = json.loads(out)
    assert code == 0 and line["query"] == "my potatoes keep sprouting, what to do"
    assert line["decision"] != "decline" and line["results"][0]["id"] == "store-1"


def test_search_json_gives_the_intent_the_chat_routes_on(
    cli_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An English question's intent is the typed message's, as the chat reads it: "who buys
    # apples" lists buyers (it said "knowledge", the intent of 苹果, its words in Chinese).
    path = cli_db / "kb.csv"
    path.write_text(GOOD, encoding="utf-8")
    run(capsys, "kb", "import", str(path))
    typed = "who buys apples\nwho is buying apples near me\nhow much are potatoes\n谁收苹果\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code, out, _ = run(capsys, "kb", "search", "--json")
    kinds = [json.loads(line)["intent"] for line in out.splitlines()]
    assert code == 0 and kinds == ["demand", "demand", "price", "demand"]
