"""English counts agree with their noun ({n:farmer|farmers} in the catalogues; blind walk, 施甸:
"📊 Notice #1: 1 farmers", "↑7.4% on 7 days ago")."""

from __future__ import annotations

import re

from bot.core.i18n import catalogue, t


def test_a_count_takes_the_singular_only_for_one() -> None:
    report = {"id": 1, "sent": 1, "blocked": 0, "failed": 0}
    assert t("en", "broadcasts.report", queued=1, **report).startswith("📊 Notice #1: 1 farmer, ")
    assert t("en", "broadcasts.report", queued=3, **report).startswith("📊 Notice #1: 3 farmers, ")
    assert t("zh", "broadcasts.report", queued=1, **report).startswith(
        "📊 通知 #1 送达情况：共 1 位农户"
    )
    assert (
        t("en", "prices.since_up", pct="3.0", days=1) == "↑3.0% vs 1 day ago (the earliest price)"
    )
    assert t("en", "prices.stale_row", days=2) == "   ⚠️ this price is 2 days old"
    assert t("en", "prices.up", pct="7.4") == "↑7.4% vs 7 days ago"


def test_no_english_message_hedges_a_count_with_s_in_brackets() -> None:
    hedged = {
        key: text
        for key, text in catalogue("en").items()
        if re.search(r"\{\w+\} [\w -]*\(s\)", text)
    }
    # The command line's import failure line stays as scripts read it (a contract).
    assert list(hedged) == ["imports.nothing_changed"]
