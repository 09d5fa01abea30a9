"""A place typed where a conversation asked for one is the answer, not another subject."""

from __future__ import annotations

import pytest

from handlers import leave


@pytest.fixture
def base_knows_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    # As on the sample base, where 稻田 finds the rice-planting entry.
    monkeypatch.setattr(leave, "_base_knows", lambda text: True)


@pytest.mark.parametrize("typed", ["稻田镇", "东关村", "王家庄", "dongguancun"])
def test_a_village_or_township_stays_in_the_conversation(
    base_knows_everything: None, typed: str
) -> None:
    # 稻田镇, typed at the booking's place step, left the booking for a rice answer (sandbox walk).
    assert not leave.is_other_subject(typed)


@pytest.mark.parametrize("typed", ["羊拉稀好几天了", "稻田镇的西红柿多少钱", "稻子叶子发黄"])
def test_a_question_still_leaves(base_knows_everything: None, typed: str) -> None:
    assert leave.is_other_subject(typed)
