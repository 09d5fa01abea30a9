"""Message catalogues: every user-facing text, in Simplified Chinese and English.

Catalogues are YAML files under bot/core/locales/<lang>/, one per feature, merged
into one flat mapping of dotted keys. A key missing in the user's language
falls back to Chinese, the default.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def _flatten(prefix: str, node: Any, out: dict[str, str], source: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out, source)
        return
    if prefix in out:
        raise ValueError(f"{source}: key {prefix!r} is defined twice")
    out[prefix] = str(node)


class _UniqueKeys(yaml.SafeLoader):
    """YAML that refuses a key said twice in one mapping: safe_load keeps the last silently,
    and a second `collected:` once took the place of the weighing reply (KeyError at send)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(f"{key_node.start_mark}: key {key!r} is defined twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language as {dotted.key: text}."""
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys) or {}
        _flatten("", data, out, path)
    return out


def normalise_language(code: str | None) -> str:
    """Map a Telegram language_code (zh-hans, en-US, ...) to a catalogue language."""
    if code and code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


class _Plurals(Formatter):
    """str.format, plus a count said with its noun: {n:farmer|farmers} is "1 farmer",
    "3 farmers" (English catalogues; Chinese needs none)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return f"{value} {one if str(value) in ('1', '1.0') else other}"
        return str(super().format_field(value, format_spec))


_FORMATTER = _Plurals()

# The catalogues' example products ({ex_price}多少钱一斤, {ex_sold}, {ex_crop}叶子发黄): by
# language, the words of the county's own products (bot/markets/examples.py), set for each
# update before its handlers run; a slot not set is the catalogue's own (examples.* keys).
ExampleWords = Mapping[str, Mapping[str, str]]
EXAMPLE_MARK = "{ex_"
_EXAMPLES: ContextVar[ExampleWords | None] = ContextVar("example_words", default=None)


def use_examples(words: ExampleWords | None) -> None:
    """Say the catalogues' examples with these words from now on in this update (None: the
    catalogue's own)."""
    _EXAMPLES.set(words)


def example_params(lang: str) -> dict[str, str]:
    """Every {ex_…} slot of `lang`: the county's word where set, else the catalogue's."""
    words = dict(_sample_examples(lang))
    current = _EXAMPLES.get()
    if current is not None:
        words.update(current.get(lang, {}))
    return words


@cache
def _sample_examples(lang: str) -> dict[str, str]:
    """The catalogue's own example words (examples.slot.price → ex_price), the sample county's."""
    prefix = "examples.slot."
    return {
        f"ex_{key.removeprefix(prefix)}": text
        for key, text in catalogue(lang).items()
        if key.startswith(prefix)
    }


def t(lang: str | None, key: str, **params: Any) -> str:
    """The message `key` in `lang`, formatted with `params` ({n:farmer|farmers}: a count
    with its noun in the singular or plural)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no message {key!r} in the catalogues")
    if EXAMPLE_MARK in text:
        params = {**example_params(lang), **params}
    return _FORMATTER.format(text, **params) if params else text


def sentences(lang: str | None, *parts: str) -> str:
    """Sentences one after another as the language writes them: side by side in Chinese
    (。 ends each), with a space in English ("...another time. Tap a time above")."""
    joiner = " " if normalise_language(lang) == "en" else ""
    return joiner.join(part.strip() for part in parts if part.strip())


def placeholders(text: str) -> set[str]:
    """The {names} a message expects, for catalogue consistency checks."""
    return {field for _, field, _, _ in Formatter().parse(text) if field}


def all_labels(key: str) -> set[str]:
    """The text of `key` in every language (to recognise a menu button in any of them)."""
    return {catalogue(lang)[key] for lang in LANGUAGES if key in catalogue(lang)}


def money(value: float) -> str:
    """A price with two decimals: cents matter at wholesale."""
    return f"{value:.2f}"


def month_of(lang: str | None, day: date) -> str:
    """A catalogue's {month}: 12 in Chinese (12月), Dec in English (Dec 5, never 5/12)."""
    if normalise_language(lang) == "en":
        return calendar.month_abbr[day.month]
    return str(day.month)


def day_label(lang: str | None, day: date) -> str:
    """A day as people write it: 11月28日 / Nov 28."""
    return t(lang, "format.day", month=month_of(lang, day), day=day.day)
