"""A county admin's own knowledge base: only id, question and answer are required;
YAML/JSON problems are said by entry (and id), CSV ones by row; categories are a
fixed set (blind tester's walk: a YAML base without phrasings was refused, its
errors were on "row 5" for entry 4, and `种植技术` was taken silently)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.imports import FILE, EntryNumber, ImportFailed, RowError, failure_lines, place, problem
from bot.imports import read_table as read
from knowledge.kb.entries import (
    CATEGORIES,
    DEFAULT_CATEGORY,
    Entry,
    checked_entries,
    entry_rows,
    read_entries,
)

PLAIN_YAML = """\
- id: c-001
  question: 玉米什么时候追肥
  answer: 拔节期追一次尿素，每亩10公斤。
  tags: [玉米, 追肥]
- id: c-002
  question: 大棚黄瓜白粉病怎么治
  answer: 发病初期喷乙嘧酚，隔7天再喷一次。
"""


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SQLite database for in-process CLI runs."""
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _errors(path: Path, lang: str | None = None) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        read_entries(path)
    if lang is None:
        return [str(e) for e in failed.value.errors]
    return [e.text(lang) for e in failed.value.errors]


def _exported(cli_db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    out = cli_db / "out.json"
    assert run(capsys, "kb", "export", str(out))[0] == 0
    return {e["id"]: e for e in json.loads(out.read_text(encoding="utf-8"))}


# ------------------------------------------------------------------ optional fields


def test_a_yaml_base_without_phrasings_or_category_is_read(tmp_path: Path) -> None:
    path = tmp_path / "county.yaml"
    path.write_text(PLAIN_YAML, encoding="utf-8")
    assert read_entries(path) == [
        Entry(
            "c-001",
            "玉米什么时候追肥",
            "拔节期追一次尿素，每亩10公斤。",
            [],
            ["玉米", "追肥"],
            "planting",
        ),
        Entry(
            "c-002", "大棚黄瓜白粉病怎么治", "发病初期喷乙嘧酚，隔7天再喷一次。", [], [], "planting"
        ),
    ]
    assert DEFAULT_CATEGORY == "planting"


def test_a_csv_with_the_three_required_columns_is_read(tmp_path: Path) -> None:
    path = tmp_path / "county.csv"
    path.write_text("id,question,answer\nc-1,玉米什么时候追肥,拔节期追肥。\n", encoding="utf-8")
    assert read_entries(path) == [
        Entry("c-1", "玉米什么时候追肥", "拔节期追肥。", category="planting")
    ]


@pytest.mark.parametrize("missing", ["id", "question", "answer"])
def test_id_question_and_answer_stay_required(tmp_path: Path, missing: str) -> None:
    columns = [c for c in ("id", "question", "answer") if c != missing]
    path = tmp_path / "kb.csv"
    path.write_text(",".join(columns) + "\n" + ",".join("x" * len(columns)) + "\n", "utf-8")
    assert _errors(path) == [f"row 1, column {missing}: required column is missing"]


def test_what_a_file_leaves_out_is_known_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(
        "- {id: a, question: 问, answer: 答, alt_questions: [], category: storage}\n"
        "- {id: b, question: 问, answer: 答, tags: [x], category: ''}\n",
        encoding="utf-8",
    )
    first, second = checked_entries(read(path))
    assert first.absent == {"tags", "photo", "question_en", "answer_en"}
    # A blank category is not given (an entry cannot be without one).
    assert second.absent == {"alt_questions", "category", "photo", "question_en", "answer_en"}
    stored = Entry("b", "旧", "旧", ["老问法"], ["旧"], "livestock", None, "Q?", "A.")
    assert second.over(stored) == Entry(
        "b", "问", "答", ["老问法"], ["x"], "livestock", None, "Q?", "A."
    )
    assert second.over(None) == Entry("b", "问", "答", [], ["x"], "planting")


@pytest.mark.parametrize(
    ("said", "category"),
    [
        ("livestock", "livestock"),
        ("Livestock", "livestock"),
        ("LIVESTOCK", "livestock"),
        ("养殖", "livestock"),  # the label the chat shows
        ("病虫害", "pests_diseases"),
        ("Pests and diseases", "pests_diseases"),
        ("FarmHub 使用", "farmhub_help"),
    ],
)
def test_a_category_in_any_case_or_by_its_label(tmp_path: Path, said: str, category: str) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(f"id,question,answer,category\na,问,答,{said}\n", encoding="utf-8")
    assert checked_entries(read(path))[0].over(None).category == category


def test_an_unknown_category_is_still_refused_at_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text("id,question,answer,category\na,问,答,种植技术\n", encoding="utf-8")
    assert _errors(path)[0].startswith("row 2, column category: '种植技术' is not a category")


def test_a_staged_entry_gives_every_field(tmp_path: Path) -> None:
    # /kb edit stages the whole entry: an English answer taken away must go.
    header, _ = entry_rows([Entry("a", "问", "答")], every_column=True)
    assert header == [
        *("id", "question", "answer", "alt_questions", "tags", "category"),
        *("photo", "question_en", "answer_en"),
    ]
    assert entry_rows([Entry("a", "问", "答")])[0][-1] == "category"


def test_reimporting_a_base_without_phrasings_keeps_the_approved_ones(
    cli_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = cli_db / "full.csv"
    full.write_text(
        "id,question,answer,alt_questions,tags,category,question_en,answer_en\n"
        "c-001,玉米什么时候追肥,旧答案,苞谷啥时候上肥,玉米,fertiliser,When?,At jointing.\n",
        encoding="utf-8",
    )
    assert run(capsys, "kb", "import", str(full))[0] == 0
    plain = cli_db / "county.yaml"
    plain.write_text(PLAIN_YAML.replace("拔节期追一次尿素", "新答案"), encoding="utf-8")
    code, out, _ = run(capsys, "kb", "import", str(plain))
    assert (code, out) == (0, "knowledge base: 1 added, 1 updated, 0 unchanged\n")
    entries = _exported(cli_db, capsys)
    assert entries["c-001"] == {
        "id": "c-001",
        "question": "玉米什么时候追肥",
        "answer": "新答案，每亩10公斤。",
        "alt_questions": ["苞谷啥时候上肥"],  # not in the file: kept
        "tags": ["玉米", "追肥"],  # in the file: replaced
        "category": "fertiliser",
        "question_en": "When?",
        "answer_en": "At jointing.",
    }
    assert entries["c-002"]["category"] == "planting"
    # The same file again changes nothing; an empty cell does empty the field.
    assert "0 added, 0 updated, 2 unchanged" in run(capsys, "kb", "import", str(plain))[1]
    cleared = cli_db / "cleared.csv"
    cleared.write_text(
        "id,question,answer,alt_questions\nc-001,玉米什么时候追肥,新答案，每亩10公斤。,\n", "utf-8"
    )
    assert "0 added, 1 updated" in run(capsys, "kb", "import", str(cleared))[1]
    assert _exported(cli_db, capsys)["c-001"]["alt_questions"] == []


# ------------------------------------------------------------------ where a problem is


BAD_YAML = [
    {"id": f"c-{n:03d}", "question": f"问题{n}", "answer": f"回答{n}"} for n in range(1, 15)
]


def _bad_entries() -> list[dict[str, str]]:
    entries = [dict(e) for e in BAD_YAML]
    entries[3]["answer"] = ""  # entry 4
    entries[13]["id"] = "c-013"  # entry 14 repeats entry 13
    del entries[5]["id"]  # entry 6 has no id
    return entries


def test_yaml_problems_are_said_by_entry_and_id(tmp_path: Path) -> None:
    path = tmp_path / "county.yaml"
    import yaml

    path.write_text(yaml.dump(_bad_entries(), allow_unicode=True), encoding="utf-8")
    assert _errors(path) == [
        "row 5, column answer: is empty (entry 4, id c-004)",
        "row 7, column id: is empty (entry 6)",
        "row 15, column id: duplicate id 'c-013' (first on entry 13) (entry 14, id c-013)",
    ]
    assert _errors(path, "zh") == [
        "第 5 行，answer 列：是空的（第 4 条，ID c-004）",
        "第 7 行，id 列：是空的（第 6 条）",
        "第 15 行，id 列：ID 'c-013' 重复了（第一次在第 13 条）（第 14 条，ID c-013）",
    ]


def test_json_problems_are_said_by_entry_too(tmp_path: Path) -> None:
    path = tmp_path / "county.json"
    path.write_text(json.dumps(_bad_entries(), ensure_ascii=False), encoding="utf-8")
    assert _errors(path)[0] == "row 5, column answer: is empty (entry 4, id c-004)"


def test_csv_problems_keep_their_spreadsheet_rows(tmp_path: Path) -> None:
    path = tmp_path / "county.csv"
    rows = [
        "id,question,answer",
        *(",".join(e.get(k, "") for k in ("id", "question", "answer")) for e in _bad_entries()),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert _errors(path) == [
        "row 5, column answer: is empty",
        "row 7, column id: is empty",
        "row 15, column id: duplicate id 'c-013' (first on row 14)",
    ]
    assert _errors(path, "zh")[2] == "第 15 行，id 列：ID 'c-013' 重复了（第一次在第 14 行）"


def test_a_yaml_file_without_a_required_key_is_the_files_problem(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("- {id: a, question: 问, answer: 答}\n- {id: b, question: 问}\n", "utf-8")
    assert _errors(path) == ["row 3, column answer: is empty (entry 2, id b)"]
    path.write_text("- {id: a, question: 问, anwser: 答}\n", "utf-8")
    assert _errors(path) == [
        "row 1, column answer: required field, and no entry has it",
        "row 1, column anwser: unknown field (expected id, question, answer, alt_questions,"
        " tags, category, photo, question_en, answer_en)",
    ]
    assert _errors(path, "zh")[0] == "第 1 行，answer 列：必填字段，可是没有一条写了"


def test_an_empty_yaml_list_and_broken_yaml_are_the_files(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("[]\n", "utf-8")
    assert _errors(path) == ["row 1, column -: the file has no entries"]
    path.write_text("- id: a\n  question: [\n", "utf-8")
    assert _errors(path)[0].startswith("row 1, column -: ")


def test_places_are_said_in_each_language() -> None:
    assert place(5) == "row 5"
    assert place(EntryNumber(4, "c-4"), "zh") == "第 4 条，ID c-4"
    assert place(EntryNumber(4, "c-4"), "en", with_id=False) == "entry 4"
    assert place(FILE, "zh") == "文件"
    error = RowError(EntryNumber(2, "x"), "-", problem("not_object"))
    assert failure_lines([error], "en")[0].startswith("row 3, column -: ")
    # A spreadsheet problem in the chat reads as it always did.
    assert RowError(3, "price", problem("empty")).text("zh") == "第 3 行，price 列：是空的"


# ------------------------------------------------------------------ categories


def test_an_invented_category_is_refused_with_the_allowed_ones(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("- {id: a, question: 问, answer: 答, category: 种植技术}\n", "utf-8")
    [en] = _errors(path)
    assert en == (
        "row 2, column category: '种植技术' is not a category; use one of: "
        + ", ".join(CATEGORIES)
        + " (entry 1, id a)"
    )
    [zh] = _errors(path, "zh")
    assert zh.startswith("第 2 行，category 列：没有 '种植技术' 这个分类，请填其中一个：")
    assert "planting（种植）、" in zh and "livestock（养殖）" in zh


def test_every_shipped_entry_has_a_known_category() -> None:
    from knowledge.kb.entries import read_shipped

    assert {e.category for e in read_shipped()} <= set(CATEGORIES)


# ------------------------------------------------------------------ said in the chat


def test_the_chat_counts_entries_and_keeps_a_short_list_of_problems_whole() -> None:
    from bot.admindata.previews import Preview
    from bot.imports import ImportResult
    from handlers.render.admin_data import LINE_LIMIT, preview_text

    allowed = tuple(problem(f"category.{c}") for c in CATEGORIES)
    wrong = problem("unknown_category", raw="种植技术", allowed=allowed)
    errors = [RowError(EntryNumber(4, "c-004"), "category", wrong)]
    preview = Preview(1, "county.yaml", "kb", rows=5, entries=True)
    preview.result = ImportResult.refused(errors)
    text = preview_text("zh", preview)
    assert text.startswith("📄 county.yaml：知识条目，共 5 条")
    line = errors[0].text("zh")
    assert len(line) > LINE_LIMIT and line in text  # one problem: its whole allowed list
    assert "farmhub_help（FarmHub 使用）" in text
    # Twenty of them share the message: each is cut.
    many = Preview(1, "county.csv", "kb", rows=30)
    many.result = ImportResult.refused([RowError(n, "category", wrong) for n in range(2, 32)])
    text = preview_text("en", many)
    assert text.startswith("📄 county.csv: knowledge entries, 30 rows")
    cut = [line for line in text.splitlines() if line.startswith("row ") and line.endswith("…")]
    assert "farmhub_help" not in text and len(cut) == 20


def test_kb_add_details_line() -> None:
    from handlers.render.kb_edit import details_text

    entry = Entry("a", "问", "答", [], ["玉米", "追肥"], "fertiliser")
    assert details_text("zh", entry) == "标签：玉米、追肥 · 分类：施肥"
    assert details_text("en", Entry("a", "问", "答")) == ("Tags: (none) · Category: using FarmHub")
