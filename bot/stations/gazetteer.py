"""The village gazetteer: its import file, and the places a farmer can name."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.imports import (
    Checker,
    ImportOptions,
    ImportResult,
    Table,
    check_header,
    check_position,
    problem,
)
from bot.models.stations import PlaceKind, Village
from bot.stations.file_checks import _parse_text

VILLAGE_COLUMNS = ("name", "lat", "lon")
VILLAGE_OPTIONAL = ("town",)
# Suffixes dropped to match a place typed without them: 三元朱 finds 三元朱村.
_PLACE_SUFFIXES = ("街道办事处", "街道", "社区", "镇", "乡", "村")


# --- the gazetteer ---------------------------------------------------------------


@dataclass(frozen=True)
class VillageRecord:
    """One valid row of a gazetteer file."""

    name: str
    town: str
    lat: float
    lon: float


def check_villages(table: Table) -> list[VillageRecord]:
    """Every row of a gazetteer file (name,town,lat,lon), or ImportFailed."""
    check_header(table, VILLAGE_COLUMNS, VILLAGE_OPTIONAL)
    checker = Checker()
    out: list[VillageRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        before = len(checker.errors)
        name = checker.cell(row, "name", _parse_text(50))
        town = checker.cell(row, "town", _parse_text(50), required=False) or ""
        lat, lon = check_position(checker, row)
        if len(checker.errors) > before:
            continue
        assert name and lat is not None and lon is not None
        if (name, town) in seen:
            first = seen[(name, town)]
            repeats = (
                problem("village_repeats", name=name, town=town, row=first)
                if town
                else problem("village_repeats_county", name=name, row=first)
            )
            checker.add(row, "name", repeats)
            continue
        seen[(name, town)] = row.number
        out.append(VillageRecord(name, town, lat, lon))
    checker.raise_if_any()
    return out


async def import_villages(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> ImportResult:
    """Check every row of a gazetteer file, then add or move places (all or nothing)."""
    return await store_villages(session, check_villages(table))


async def store_villages(
    session: AsyncSession, records: Sequence[VillageRecord], overwrite: bool = True
) -> ImportResult:
    """Add or move gazetteer entries by (name, town)."""
    result = ImportResult()
    existing = {(v.name, v.town): v for v in await session.scalars(select(Village))}
    for record in records:
        kind = PlaceKind.village if record.town else PlaceKind.town
        village = existing.get((record.name, record.town))
        if village is None:
            session.add(
                Village(
                    name=record.name, town=record.town, kind=kind, lat=record.lat, lon=record.lon
                )
            )
            result.added += 1
        elif overwrite and (village.lat, village.lon, village.kind) != (
            record.lat,
            record.lon,
            kind,
        ):
            village.lat, village.lon, village.kind = record.lat, record.lon, kind
            result.updated += 1
        else:
            result.unchanged += 1
    await session.flush()
    return result


@dataclass(frozen=True)
class Place:
    """Somewhere a farmer named: a gazetteer entry, or a village a station serves."""

    name: str
    town: str
    lat: float
    lon: float
    id: int | None = None  # the gazetteer id; None for a station's served village

    @property
    def label(self) -> str:
        """The name with its township when it has one: 王家庄村（稻田镇）."""
        return f"{self.name}（{self.town}）" if self.town else self.name


def core_name(name: str) -> str:
    """A place name without its suffix (村, 镇...) when enough is left."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class PlaceMatch:
    """What a typed place name found: one place, several same-named ones, or near misses."""

    place: Place | None
    choices: tuple[Place, ...] = ()
    suggestions: tuple[Place, ...] = ()
    # The name as the farmer typed it when it was read as another one (三元株村 for
    # 三元朱村), so the answer can say which place it is for.
    corrected_from: str | None = None
    # The name found in what was typed (姚关 of 姚关有服务站莫得): "which 姚关?", not the sentence.
    said: str | None = None


# How a Chinese place name ends (街道, 村, 镇...), for reading one in typed text.
_ENDINGS = "街道|社区|村|镇|乡|庄|屯|营|集|寨"
# A place name inside a question: a run of characters ending like a place, followed by
# what farmers say after one (三元株村附近的服务站, 火星村有服务站吗).
_TYPED_PLACE = re.compile(
    rf"([\u4e00-\u9fff]{{1,8}}?(?:{_ENDINGS}))"
    r"(?=附近|周边|周围|一带|旁边|这边|那边|的|有|在|$|[\s,，。.?？!！])"
)
_LEADING_WORDS = re.compile(
    r"^(请问一下|请问|问一下|问下|你好|您好|我想问|我想知道|我家在|我住在|我在)"
)
# "我们村附近" names no place the gazetteer could know: the farmer's home is meant.
_NOT_A_NAME = re.compile(r"(我们|咱们|俺们|我|咱|俺|本|这个|那个|这|那)(村|镇|乡|庄)")


def typed_place_name(text: str) -> str | None:
    """The place name a question names (三元株村附近的服务站 -> 三元株村), or None."""
    text = _LEADING_WORDS.sub("", text.strip())
    found = _TYPED_PLACE.search(text)
    if found is None or _NOT_A_NAME.fullmatch(found.group(1)):
        return None
    return found.group(1)


# Saying where one is, around a place's name: 我在王家庄, 俺家在三元朱村, 我是稻田镇的.
_WHERE_I_AM = re.compile(
    r"^(?:我|俺|咱)(?:们|家)?(?:是|在|住在|住|家在)?(.{2,12}?)"
    r"(?:的|人|这边|这儿|这里|那边|那儿)?[吗呢啊呀哈嘛吧。.!！~～,， ]*$"
)


_SAYS_WHERE = re.compile(r"^(?:我|俺|咱)(?:们|家)?(?:是|在|住在|住|家在)")


def where_i_am(text: str) -> str | None:
    """The place in 我在王家庄 / 俺是三元朱村的 (a farmer saying where they are), else None."""
    found = _WHERE_I_AM.match(text.strip())
    if found is None or not _SAYS_WHERE.match(text.strip()):
        return None
    return found.group(1)


# Saying in English that one lives somewhere ("I live in ...", "I'm from ...", "my village is").
_EN_SAYS_HOME = re.compile(
    r"^(?:i|we)\s*(?:'m|’m|m| am|'re|’re| are| live| living| stay| come)?\s*(?:from|in|at)\b"
    r"|^(?:my|our)\s+(?:village|town|township|community|home|place)\s+is\b",
    re.IGNORECASE,
)


def says_home(text: str, name: str | None = None) -> bool:
    """Whether `text` says the farmer lives at the place it names (我在姚关, 我家在姚关, 我是
    姚关的, "I live in Daotian"), not only asks about it (姚关有服务站吗). With `name` (the place
    found in it), the Chinese words must be said right before that name: 我是想问姚关… is a
    question."""
    text = text.strip()
    if _EN_SAYS_HOME.match(text):
        return True
    said = _SAYS_WHERE.match(text)
    if said is None:
        return False
    rest = text[said.end() :]
    return name is None or rest.startswith(name) or rest.startswith(core_name(name))


# A township followed by one of its villages, said as one name (伦河镇前进村, 稻田镇王家庄).
_TOWN_THEN_VILLAGE = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:镇|乡|街道))([\u4e00-\u9fff]{2,8})$")


def town_and_village(name: str) -> tuple[str, str] | None:
    """A name said as township + village (伦河镇前进村 → 伦河镇, 前进村), else None."""
    found = _TOWN_THEN_VILLAGE.match(name)
    return (found.group(1), found.group(2)) if found is not None else None


@dataclass(frozen=True)
class SaidPart:
    """What of a township + village the gazetteer knows: the part to look up, and the
    part it does not know ("" when it knows both, or the name was said alone)."""

    known: str
    unknown: str = ""
    town: str = ""  # the known township of a known village, to choose among same-named ones


def known_part(name: str, knows: Callable[[str], bool]) -> SaidPart | None:
    """The part of a place said as township + village that `knows` knows: the whole when
    known, the village (the closer one) when only it or both are, else the township; None
    when none is (俺是伦河镇前进村的: 前进村 when the county's file has it)."""
    if knows(name):
        return SaidPart(name)
    parts = town_and_village(name)
    if parts is None:
        return None
    town, village = parts
    if knows(village):
        # The township narrows same-named villages (前进村 is in many townships); one the
        # file names only as its villages' township is known by the village found.
        return SaidPart(village, "" if knows(town) else town, town)
    if knows(town):
        return SaidPart(town, village)
    return None


# Saying where one is in English, the whole message: "I live in Sunjiaji village", "I'm from
# Xiaowang village", "we are in Daotian town", "my village is Daotian" (the place in pinyin).
_EN_PLACE_KIND = r"village|town|township|community"
_EN_WHERE_I_AM = re.compile(
    r"^(?:i|we)\s*(?:'m|’m|m| am|'re|’re| are| live| living| stay| come)?\s*"
    r"(?:from|in|at)\s+(?:the\s+)?(?P<name>[a-z][a-z' -]{1,40}?)[\s.!~]*$"
    rf"|^(?:my|our)\s+(?P<kind>{_EN_PLACE_KIND}|home|place)\s+is\s+(?:in\s+|called\s+)?"
    r"(?P<named>[a-z][a-z' -]{1,40}?)[\s.!~]*$",
    re.IGNORECASE,
)
_EN_KIND_WORD = re.compile(rf"\b(?:{_EN_PLACE_KIND})$", re.IGNORECASE)


def where_i_am_english(text: str) -> tuple[str, bool] | None:
    """The place an English sentence says the farmer is at, and whether it says a place's
    kind (village, town): "I live in Sunjiaji village" → ("Sunjiaji village", True); "my village
    is Daotian" → ("Daotian village", True); "I'm from Daotian" → ("Daotian", False); else None."""
    found = _EN_WHERE_I_AM.match(text.strip())
    if found is None:
        return None
    if found.group("name") is not None:
        name = found.group("name").strip()
        return name, bool(_EN_KIND_WORD.search(name))
    name, kind = found.group("named").strip(), found.group("kind").lower()
    if kind in ("home", "place") or _EN_KIND_WORD.search(name):
        return name, bool(_EN_KIND_WORD.search(name))
    return f"{name} {kind}", True


# A place name with its ending and nothing else (稻田镇, 东关村, 王家庄, 三组).
_PLACE_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:{_ENDINGS}|组)")


# What a farmer says after a name they give as an answer (侯镇吧, 东关村啊): no part of it.
# Not 吗 or 呢: 侯镇吗 asks something.
_TRAILING = re.compile(r"[吧啊呀哈嘛哦啦呗 ,，。.!！~～]+$")


def said_name(text: str) -> str:
    """A short text given as a name, without the particle and marks after it (侯镇吧 → 侯镇)."""
    text = text.strip(" ,，。.!！?？~～")
    bare = _TRAILING.sub("", text)
    return bare if len(bare) >= 2 else text


def has_place_form(text: str) -> bool:
    """Whether `text` is just a name with a place ending (稻田镇), known or not."""
    return _PLACE_NAME.fullmatch(text.strip()) is not None
