"""`farmhub kb drafts`, on both databases: staff-saved drafts listed, shown and decided from a
terminal through /review's service, audited as the command line's, the staff member told in
their language (zh, en)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.audit import entries as audit_entries
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbDraft, KbEntry, OpenQuestion, OutboxMessage
from knowledge.kb.search import engine
from tests.stations_util import make_station
from tests.test_import_safety import cli
from tests.test_review_similar import REPLY, WORDING, _drafted

STAFF = 20001
ELSEWHERE = "草莓大棚里蜜蜂不出箱怎么回事"  # nothing in the base is close to it


async def _at_station(question_id: int) -> int:
    """The forwarded question asked at a named station (its id differs between databases)."""
    async with session_scope() as session:
        station_id, _ = await make_station(session, name="圣城街道服务站")
        asked = await session.get(OpenQuestion, question_id)
        assert asked is not None
        asked.station_id = station_id
    return station_id


async def _staff_told() -> list[str]:
    async with session_scope() as session:
        pushes = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [p.text for p in pushes if p.chat_id == STAFF]


async def _cli_audit() -> list[tuple[str, str, int | None]]:
    async with session_scope() as session:
        lines = await audit_entries(session)
    return [(line.action, line.via, line.actor_id) for line in lines if line.via == "cli"]


async def test_list_and_show_give_station_staff_question_answer_and_similar_entry(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    question_id, draft_id = await _drafted(WORDING)
    station_id = await _at_station(question_id)
    code, out, err = await cli(db, monkeypatch, capsys, "kb", "drafts")
    assert code == 0, err
    cells = out.strip().split("\t")
    assert cells[:6] == [
        f"#{draft_id}",
        "waiting",
        f"station-q{question_id}",
        "圣城街道服务站",
        f"李站长 ({STAFF})",
        WORDING,
    ]
    assert cells[6] == REPLY and "similar: sd-009 烤烟花叶病怎么防治？" in cells[7]
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts", "show", str(draft_id))
    assert code == 0
    assert f"station:   圣城街道服务站 (#{station_id})" in out
    assert f"question:  {WORDING}" in out and f"answer:    {REPLY}" in out
    assert "similar:   sd-009 「烤烟花叶病怎么防治？」 answers this question now" in out
    assert f"merge {draft_id} adds the question as its phrasing" in out
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts", "list", "--json")
    record = json.loads(out)
    assert record["station"] == "圣城街道服务站" and record["staff_id"] == STAFF
    assert record["question"] == WORDING and record["answer"] == REPLY
    assert record["similar"]["entry_id"] == "sd-009" and record["similar"]["learnable"]
    assert record["tags"] == ["烤烟"]
    # Nothing was decided by looking.
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts", "show", "99")
    assert code == 1
    assert await _cli_audit() == []


async def test_a_draft_with_words_for_one_farmer_is_flagged_and_nothing_waits_after(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, draft_id = await _drafted(ELSEWHERE)
    async with session_scope() as session:
        draft = await session.get(KbDraft, draft_id)
        assert draft is not None
        draft.answer = "先通风降温。明天带几只蜜蜂来站里看看。"
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts")
    assert "check: 明天 (time), 带几只蜜蜂来站里 (visit)" in out and "similar" not in out
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts", "reject", str(draft_id))
    assert code == 0
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts")
    assert out == "no drafts waiting\n"
    code, out, _ = await cli(db, monkeypatch, capsys, "kb", "drafts", "--all")
    assert out.startswith(f"#{draft_id}\trejected\t")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_approve_with_edits_goes_live_audited_and_staff_is_told(
    db: str,
    lang: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    question_id, draft_id = await _drafted(ELSEWHERE, staff_language=lang)
    answer = tmp_path / "answer.txt"
    answer.write_text("先通风降温，棚温白天控制在25℃左右；一周内别打药。\n", encoding="utf-8")
    code, out, err = await cli(
        db,
        monkeypatch,
        capsys,
        *("kb", "drafts", "approve", str(draft_id)),
        *("--question", "大棚里蜜蜂不出箱怎么办", "--answer-file", str(answer)),
        *("--tags", "草莓，蜜蜂"),
    )
    assert code == 0, err
    entry_id = f"station-q{question_id}"
    assert out == (
        f"approved draft #{draft_id}: new entry {entry_id} 「大棚里蜜蜂不出箱怎么办」 is live "
        f"(tags: 草莓, 蜜蜂); staff {STAFF} told\n"
    )
    async with session_scope() as session:
        entry = await session.get(KbEntry, entry_id)
        asked = await session.get(OpenQuestion, question_id)
    assert entry is not None and entry.question == "大棚里蜜蜂不出箱怎么办"
    assert entry.answer == "先通风降温，棚温白天控制在25℃左右；一周内别打药。"
    assert entry.tags == ["草莓", "蜜蜂"]
    assert asked is not None and asked.kb_entry_id == entry_id
    best = engine().search("大棚里蜜蜂不出箱怎么办").best
    assert best is not None and best.entry_id == entry_id
    # The chat's records, said as the command line's (no admin).
    assert await _cli_audit() == [
        ("kb.approve", "cli", None),
        ("kb.review_edit", "cli", None),
        ("kb.review_edit", "cli", None),
    ]
    told = t(lang, "review.told_approved", question="大棚里蜜蜂不出箱怎么办", entry_id=entry_id)
    assert (await _staff_told())[-1] == told
    code, _, err = await cli(db, monkeypatch, capsys, "kb", "drafts", "reject", str(draft_id))
    assert code == 1 and err == f"farmhub: draft #{draft_id} is already approved\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_merge_adds_the_question_as_a_phrasing_of_the_similar_entry(
    db: str, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    question_id, draft_id = await _drafted(WORDING, staff_language=lang)
    code, _, err = await cli(
        db, monkeypatch, capsys, "kb", "drafts", "merge", str(draft_id), "--into", "sd-999"
    )
    assert code == 1 and err == "farmhub: no entry sd-999\n"
    code, out, err = await cli(db, monkeypatch, capsys, "kb", "drafts", "merge", str(draft_id))
    assert code == 0, err
    assert (
        out
        == f"merged draft #{draft_id}: sd-009 now also answers 「{WORDING}」; staff {STAFF} told\n"
    )
    async with session_scope() as session:
        entry = await session.get(KbEntry, "sd-009")
        ids = set(await session.scalars(select(KbEntry.id)))
        asked = await session.get(OpenQuestion, question_id)
    assert entry is not None and WORDING in entry.alt_questions
    assert f"station-q{question_id}" not in ids
    assert asked is not None and asked.kb_entry_id == "sd-009"
    assert await _cli_audit() == [("kb.approve", "cli", None)]
    told = t(
        lang,
        "review.told_merged",
        question=WORDING,
        entry_question="烤烟花叶病怎么防治？",
        entry_id="sd-009",
    )
    assert (await _staff_told())[-1] == told


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "原因：只说了赵大哥一家的事"), ("en", "Why: 只说了赵大哥一家的事")]
)
async def test_reject_with_a_reason_tells_the_staff_member_why(
    db: str,
    lang: str,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    question_id, draft_id = await _drafted(ELSEWHERE, staff_language=lang)
    code, out, err = await cli(
        db,
        monkeypatch,
        capsys,
        *("kb", "drafts", "reject", str(draft_id), "--reason", "只说了赵大哥一家的事"),
    )
    assert code == 0, err
    assert out == (
        f"rejected draft #{draft_id} (reason: 只说了赵大哥一家的事): farmers will not see it; "
        f"staff {STAFF} told\n"
    )
    told = (await _staff_told())[-1]
    assert ELSEWHERE in told and told.endswith(said)
    async with session_scope() as session:
        assert await session.get(KbEntry, f"station-q{question_id}") is None
        [line] = [a for a in await audit_entries(session) if a.action == "kb.reject"]
    assert line.via == "cli" and line.after is not None
    assert line.after["reason"] == "只说了赵大哥一家的事"


async def test_mistakes_are_one_clear_line_and_change_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, draft_id = await _drafted(ELSEWHERE)
    drafts = ("kb", "drafts")
    code, _, err = await cli(db, monkeypatch, capsys, *drafts, "approve")
    assert code == 2 and err == "kb drafts approve needs the draft's number\n"
    code, _, err = await cli(db, monkeypatch, capsys, *drafts, "approve", "99")
    assert code == 1 and err == "farmhub: no draft #99\n"
    code, _, err = await cli(
        db, monkeypatch, capsys, *drafts, "approve", str(draft_id), "--reason", "x"
    )
    assert code == 1 and err == "farmhub: kb drafts approve: --reason is for reject\n"
    code, _, err = await cli(db, monkeypatch, capsys, *drafts, "merge", str(draft_id))
    assert code == 1
    assert err == f"farmhub: draft #{draft_id} has no similar entry: name one with --into ENTRY\n"
    # A good --question and an empty --answer: neither is kept (one unit of work).
    code, _, err = await cli(
        db,
        monkeypatch,
        capsys,
        *drafts,
        "approve",
        str(draft_id),
        "--question",
        "新问题",
        "--answer",
        " ",
    )
    assert code == 1 and "the answer is empty" in err
    async with session_scope() as session:
        draft = await session.get(KbDraft, draft_id)
    assert draft is not None and draft.status.value == "waiting" and draft.question == ELSEWHERE
    assert await _cli_audit() == [] and await _staff_told() == []
