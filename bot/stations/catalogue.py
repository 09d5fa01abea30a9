"""The in-memory catalogue: active stations, their grid index and every place name.

The nearest-station search runs on an in-memory grid index (bot.core.geo)
that is rebuilt whenever the stations table changes.
"""

from __future__ import annotations

import asyncio
import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.core.geo import GridIndex, Hit, Point
from bot.imports import split_list
from bot.models.stations import Station, StationKind, StationProduct, Village
from bot.stations.gazetteer import Place, PlaceMatch, core_name, has_place_form, said_name
from bot.stations.importer import _products_by_station
from knowledge.text.intent import in_characters
from knowledge.text.lexicon import pinyin_key
from knowledge.text.normalise import normalise

# A farmer farther than this from every station is outside the served area:
# a collection truck will not drive that far for one pickup.
SERVED_RADIUS_KM = 30.0
NEAREST_COUNT = 3


# --- the in-memory catalogue: stations, their index, places ----------------------


@dataclass(frozen=True)
class StationInfo:
    """A station as the farmer-facing features see it."""

    id: int
    external_id: str
    name: str
    kind: StationKind
    lat: float
    lon: float
    address: str
    phone: str
    open_from: time
    open_to: time
    cold_storage: bool
    products: frozenset[str]
    villages: tuple[str, ...] = ()

    def is_open(self, at: time) -> bool:
        """Whether the station is open at this local time of day."""
        return self.open_from <= at < self.open_to

    def accepts(self, product: str | None) -> bool:
        """Whether the station collects this product (any product when None)."""
        return product is None or product in self.products


# How alike a typed station id and a real one must be to be offered as meant (T9 for T1).
CLOSE_ID = 0.5


@dataclass
class Catalog:
    """Active stations, their grid index and every place name, built from the database."""

    stations: dict[int, StationInfo]
    index: GridIndex[StationInfo]
    places: list[Place]
    by_name: dict[str, list[Place]] = field(default_factory=dict)
    # Pinyin of names and of typed stretches, computed once (pypinyin is slow per call).
    _sounds: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # Every name's pinyin run together (sanyuanzhucun, sanyuanzhu), built on first use.
    _spellings: dict[str, list[Place]] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, stations: Iterable[StationInfo], villages: Iterable[Place]) -> Catalog:
        """Index the stations and every way of naming a place."""
        stations = list(stations)
        places = list(villages)
        # A village a station serves is a place too, at the station, unless the gazetteer
        # already has it, with or without its ending (姚关 served, 姚关镇 in the file: one
        # place, not "有好几个「姚关」" with one button).
        named = {core_name(p.name) for p in places} | {p.name for p in places}
        for station in stations:
            for name in station.villages:
                if name not in named and core_name(name) not in named:
                    places.append(Place(name, "", station.lat, station.lon))
                    named.update((name, core_name(name)))
        by_name: dict[str, list[Place]] = {}
        for place in places:
            for key in {place.name, core_name(place.name)}:
                by_name.setdefault(key, []).append(place)
        return cls(
            stations={s.id: s for s in stations},
            index=GridIndex(Point(s.lat, s.lon, s) for s in stations),
            places=places,
            by_name=by_name,
        )

    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        product: str | None = None,
        k: int = NEAREST_COUNT,
        max_km: float | None = None,
        place: Place | None = None,
    ) -> list[Hit[StationInfo]]:
        """The k nearest stations that take `product`, nearest first; with `place` (the
        place the farmer named), the stations in it before the others.

        The one rule for "the nearest stations": a search's list, the booking's station
        step and where a sale listing goes all ask here. By distance only, never by
        whether a station is open now: a closed station is listed as closed, not left out
        (blind test: the nearest station, the only one with staff, vanished at 07:00).
        """
        inside: list[Hit[StationInfo]] = []
        if place is not None:
            inside = self.index.nearest(
                lat,
                lon,
                k=k,
                accept=lambda s: s.accepts(product) and self.in_place(s, place),
                max_km=max_km,
            )
        taken = {hit.item.id for hit in inside}
        rest = self.index.nearest(
            lat,
            lon,
            k=k - len(inside),
            accept=lambda s: s.accepts(product) and s.id not in taken,
            max_km=max_km,
        )
        return inside + rest

    def in_place(self, station: StationInfo, place: Place) -> bool:
        """Whether `station` is in `place`: 圣城街道邮政便民服务站 in 圣城街道, 三元朱村蔬菜
        合作社 in 三元朱村 (its address names the place, or it serves the village or one of
        the township's villages). A village's station is in its township too: of two
        王家庄村, 稻田镇's station is not 田柳镇's."""
        if place.name in station.address or place.name in station.villages:
            return not place.town or not station.address or core_name(place.town) in station.address
        if place.town:
            return False
        return any(
            p.town == place.name for name in station.villages for p in self.by_name.get(name, ())
        )

    def place_labelled(self, label: str | None) -> Place | None:
        """The place a saved home's label names (王家庄村（稻田镇）, 圣城街道), or None."""
        if not label:
            return None
        return next((p for p in self.places if p.label == label), None)

    def knows(self, name: str) -> bool:
        """Whether `name` is a place's name, with or without its ending (稻田镇, 稻田)."""
        return name in self.by_name or core_name(name) in self.by_name

    def stations_named(self, text: str) -> list[StationInfo]:
        """The stations a text names (圣城街道邮政, 古城京东, 邮政的那个站), best first.

        The typed words are in the name (邮政 names every postal station), or the name is
        in them, or, from three characters on, they are the name with words left out
        (古城京东 for 古城街道京东服务站), starting as it does. A place's name alone is the
        caller's to read as a place: 三元朱 is the village before the co-op named after it.
        """
        typed = _station_core(_typed(text))
        if _pinyin_spelling(text):
            return self._stations_spelled(text)
        if len(typed) < 2:
            return []
        exact, inside, loose = [], [], []
        for station in self.stations.values():
            name = _typed(station.name)
            if typed == name or typed == _station_core(name):
                exact.append(station)
            elif typed in name or name in typed:
                inside.append(station)
            elif len(typed) >= 3 and typed[0] == name[0] and _in_order(typed, name):
                loose.append(station)
        return exact or inside or loose

    def _stations_spelled(self, text: str) -> list[StationInfo]:
        """The stations a name typed in pinyin names (sunjiaji jingdong, Shengcheng Youzheng),
        read as `stations_named` reads characters, syllable by syllable."""
        bare = _EN_STATION_WORDS.sub(" ", text.lower())  # Sunjiaji Jingdong service station
        said = _station_core(in_characters(bare).replace(" ", ""))
        typed = pinyin_key(said)
        if len(typed) < 2 or re.search(r"[a-z]", said):
            return []  # not all of it reads as pinyin: an English word, not a name
        exact, inside, loose = [], [], []
        for station in self.stations.values():
            name = self._sound(_typed(station.name))
            core = self._sound(_station_core(_typed(station.name)))
            if typed in (name, core):
                exact.append(station)
            elif _runs_in(typed, name):
                inside.append(station)
            elif len(typed) >= 3 and typed[0] == name[0] and _in_order(typed, name):
                loose.append(station)
        return exact or inside or loose

    def stations_like(self, text: str, n: int = 3) -> list[StationInfo]:
        """Stations an unknown station id or name may have meant (SG1, sg01, 孙家集): by
        name as `stations_named` reads it, else by the id's likeness, for a hint."""
        named = self.stations_named(text)
        if named:
            return named[:n]
        code = text.strip().upper()
        scored = sorted(
            (
                (-difflib.SequenceMatcher(None, code, s.external_id.upper()).ratio(), s.external_id)
                for s in self.stations.values()
            ),
        )
        by_id = {s.external_id: s for s in self.stations.values()}
        return [by_id[key] for score, key in scored[:n] if -score >= CLOSE_ID]

    def named_in(self, text: str) -> PlaceMatch:
        """The place a text names as written (三元朱村, 三元朱村土豆价格); no guessing at typos.

        Cheap enough for every price question: no sound-alikes, no near misses.
        """
        typed = _typed(text)
        if not typed:
            return PlaceMatch(None)
        for key in (typed, core_name(typed)):
            found = self.by_name.get(key)
            if found:
                return replace(_one_or_choices(found, typed), said=key)
        # A place named inside a sentence: the longest name that occurs wins.
        contained = [name for name in self.by_name if len(name) >= 2 and name in typed]
        if contained:
            longest = max(contained, key=len)
            return replace(_one_or_choices(self.by_name[longest], typed), said=longest)
        return PlaceMatch(None)

    def spelled(self, text: str) -> PlaceMatch:
        """The place a text spells in pinyin (sanyuanzhu, Sanyuanzhu village, San Yuan Zhu
        Cun), its English ending read as the Chinese one (village 村, town 镇); else none."""
        key = _pinyin_spelling(text)
        if not key:
            return PlaceMatch(None)
        if self._spellings is None:
            spellings: dict[str, list[Place]] = {}
            for name, places in self.by_name.items():
                spelling = "".join(pinyin_key(name, fuzzy=False))
                spellings.setdefault(spelling, []).extend(places)
            self._spellings = spellings
        found = self._spellings.get(key)
        return _one_or_choices(found, key) if found else PlaceMatch(None)

    def spelled_in(self, text: str) -> PlaceMatch:
        """A place spelt in pinyin inside an English sentence ("Im from sanyuanzhu, where is
        the nearest station"): the longest run of words that spells one, as `spelled` reads it."""
        words = _LATIN_WORDS.findall(text.lower())
        if len(words) < 2 or re.search(r"[\u3400-\u9fff]", text):
            return PlaceMatch(None)
        for size in range(min(len(words), MAX_SPELLED_WORDS), 0, -1):
            for start in range(len(words) - size + 1):
                window = words[start : start + size]
                if window[0] in _ENGLISH_ENDINGS or len("".join(window)) < MIN_SPELLED_LETTERS:
                    continue
                match = self.spelled(" ".join(window))
                if match.place is not None or match.choices:
                    return match
        return PlaceMatch(None)

    def find_place(self, text: str) -> PlaceMatch:
        """The place a farmer typed (alone or inside a sentence), or the closest names."""
        named = self.named_in(text)
        if named.place is not None or named.choices:
            return named
        spelled = self.spelled(text)
        if spelled.place is not None or spelled.choices:
            return spelled  # typed in pinyin without choosing characters (blind test)
        spelled = self.spelled_in(text)
        if spelled.place is not None or spelled.choices:
            return spelled  # Im from sanyuanzhu, where is the nearest station (sandbox walk)
        typed = _typed(text)
        if not typed:
            return named
        # Typed by sound (pinyin input picks the wrong characters): 三元竹 -> 三元朱.
        sound = pinyin_key(core_name(typed))
        by_sound = [p for name, ps in self.by_name.items() if pinyin_key(name) == sound for p in ps]
        if by_sound:
            return _corrected(_one_or_choices(list(dict.fromkeys(by_sound)), typed), typed)
        # A misspelt name inside a sentence (三元株村附近的服务站): by sound, else by shape.
        window, near = self._near_name(typed)
        if near:
            return _corrected(_one_or_choices(near, typed), window)
        return PlaceMatch(None, suggestions=tuple(self.closest_places(typed)))

    def _near_name(self, typed: str) -> tuple[str, list[Place]]:
        """The longest stretch of `typed` that sounds like a name, or is one character off one.

        Only names of three characters or more: a two-character stretch of a question
        sounds like some village too often. One character off only for 3-4 character
        names, with the place ending (村, 镇...) typed right, so it is still a place.
        """
        best: tuple[int, int, str, list[Place]] = (0, 0, "", [])  # (length, by sound, ...)
        for name, places in self.by_name.items():
            size = len(name)
            if size < 3 or size > len(typed) or size < best[0]:
                continue
            sound = self._sound(name)
            for start in range(len(typed) - size + 1):
                window = typed[start : start + size]
                if self._sound(window) == sound:
                    rank = (size, 1)
                elif size <= 4 and _one_off(window, name):
                    rank = (size, 0)
                else:
                    continue
                if rank > best[:2]:
                    best = (*rank, window, list(places))
                elif rank == best[:2] and window == best[2]:
                    best[3].extend(p for p in places if p not in best[3])
        return best[2], best[3]

    def _sound(self, text: str) -> tuple[str, ...]:
        found = self._sounds.get(text)
        if found is None:
            found = self._sounds[text] = pinyin_key(text)
        return found

    def closest_places(self, typed: str, n: int = 3) -> list[Place]:
        """Places whose names look or sound most like `typed`, for "did you mean" buttons."""
        target = " ".join(pinyin_key(core_name(typed)))
        scored: dict[Place, float] = {}
        for name, places in self.by_name.items():
            by_chars = difflib.SequenceMatcher(None, core_name(typed), name).ratio()
            by_sound = difflib.SequenceMatcher(None, target, " ".join(pinyin_key(name))).ratio()
            score = max(by_chars, by_sound * 0.9)
            for place in places:
                scored[place] = max(scored.get(place, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0].name, kv[0].town))
        return [place for place, score in ranked[:n] if score >= 0.4]


# What a farmer adds to a station's name, or leaves off it: 服务站, 服务点, 那个站, 的.
_STATION_WORDS = re.compile(
    r"(?:便民)?服务(?:站|点)$|(?:那个|这个)?(?:站点?|网点)$|^(?:送到|送去|去|到|选|就|要)|的$|那个$"
)


def _station_core(text: str) -> str:
    """`text` without the words around a station's name (邮政的那个站 → 邮政)."""
    while True:
        shorter = _STATION_WORDS.sub("", text)
        if shorter == text:
            return text
        text = shorter


def _runs_in(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Whether `part` is a run of `whole`'s syllables."""
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def _in_order(typed: Sequence[str], name: Sequence[str]) -> bool:
    """Whether every character of `typed` is in `name`, in the same order."""
    rest = iter(name)
    return all(char in rest for char in typed)


def _typed(text: str) -> str:
    # What a place is looked for in: normalised, without spaces and punctuation.
    return re.sub(r"[\s,，。.!！?？]", "", normalise(text))


def _one_or_choices(found: list[Place], typed: str) -> PlaceMatch:
    # "稻田镇王家庄村" names both: keep the ones whose township was typed too.
    unique = list(dict.fromkeys(found))
    if len(unique) == 1:
        return PlaceMatch(unique[0])
    # A township and its same-named village (侯镇, 侯镇村) are one place to a farmer.
    towns = [p for p in unique if not p.town]
    if len(towns) == 1 and all(p.town == towns[0].name for p in unique if p.town):
        return PlaceMatch(towns[0])
    narrowed = [p for p in unique if p.town and core_name(p.town) in typed] or unique
    if len(narrowed) == 1:
        return PlaceMatch(narrowed[0])
    return PlaceMatch(None, choices=tuple(sorted(narrowed, key=lambda p: (p.town, p.name))))


def _one_off(window: str, name: str) -> bool:
    """Same length, exactly one character different, and not the place ending."""
    differ = [i for i, (a, b) in enumerate(zip(window, name, strict=True)) if a != b]
    if len(differ) != 1:
        return False
    # The differing character is a typo in the name, not another kind of place (胡营镇
    # is not 胡营村) nor a shorter name's ending (三元村 is not 三元朱).
    at = differ[0]
    return window[at] not in PLACE_ENDINGS and name[at] not in PLACE_ENDINGS


# A place's English ending, as its pinyin (Sanyuanzhu village is Sanyuanzhu Cun).
_ENGLISH_ENDINGS = {
    "village": "cun", "town": "zhen", "township": "zhen", "subdistrict": "jiedao",
    "street": "jiedao", "community": "shequ", "county": "xian",
}  # fmt: skip
_LATIN_WORDS = re.compile(r"[a-z]+")
# A place spelt inside a sentence: up to four words (san yuan zhu cun), at least six letters
# A station's kind said in English after its name in pinyin.
_EN_STATION_WORDS = re.compile(
    r"\b(?:(?:service|collection|buying|post(?:al)?)\s+)?(?:station|depot|point|office)s?\b"
)
# (shouguang, sanyuanzhu; "where", "near" spell no village by chance).
MAX_SPELLED_WORDS = 4
MIN_SPELLED_LETTERS = 6


def _pinyin_spelling(text: str) -> str:
    """A text of Latin letters only, run together as pinyin with its English ending read
    (Sanyuanzhu village → sanyuanzhucun); "" for anything else."""
    lowered = text.strip().lower()
    if not lowered or re.search(r"[^a-z\s,.'-]", lowered):
        return ""
    words = [w for w in _LATIN_WORDS.findall(lowered) if w not in ("the", "in", "of", "i", "am")]
    return "".join(_ENGLISH_ENDINGS.get(w, w) for w in words)


def _corrected(match: PlaceMatch, window: str) -> PlaceMatch:
    """The match marked as read from a misspelt `window`."""
    return replace(match, corrected_from=window)


_cache: dict[str, tuple[tuple[Any, ...], Catalog]] = {}
# Counts catalogues built: caches of what depends on the catalogue (a message's intent,
# handlers/routing.py) key on it, so a station or village added while the bot runs is
# seen in a text read before.
_builds = itertools.count(1)
_generation: dict[str, int] = {}
_cache_lock = asyncio.Lock()
# Endings of Chinese place names, for telling "三元朱村" from "好的" without a lookup.
PLACE_ENDINGS = (*"村镇乡庄屯营集寨堡湾店铺坊园区县市", "街道", "社区")


def looks_like_place(text: str, catalog: Catalog | None) -> bool:
    """Whether a short text names a place: a place ending, or a name `catalog` knows."""
    text = said_name(normalise(text))
    if not text:
        return False
    if text.endswith(PLACE_ENDINGS):
        return True
    return catalog is not None and catalog.knows(text)


def is_place_name(text: str, catalog: Catalog | None) -> bool:
    """Whether `text` is a place's name and nothing else, so an answer to "which place?".

    A name with its ending (稻田镇, 东关村) is one whether known or not; one without
    (稻田, 三元朱) when `catalog` knows it. The one check both a conversation's "is
    this another subject?" and the station search's "is this a place?" make.
    """
    text = said_name(normalise(text))  # 侯镇吧 is 侯镇 given as the answer
    if not text:
        return False
    return has_place_form(text) or (catalog is not None and catalog.knows(text))


def _url_of(bind: Engine | AsyncEngine | Connection) -> str:
    return str(bind.url if isinstance(bind, Engine | AsyncEngine) else bind.engine.url)


def cached(engine: Engine | AsyncEngine) -> Catalog | None:
    """The catalogue last built for this engine's database, or None if none was built yet.

    For code that cannot wait for the database (a message filter): build it first with
    catalog(), e.g. at start-up.
    """
    found = _cache.get(_url_of(engine))
    return found[1] if found is not None else None


def generation(engine: Engine | AsyncEngine) -> int:
    """Which catalogue `cached` returns for this engine's database: a new number whenever it
    is rebuilt (stations or villages changed), 0 before the first."""
    return _generation.get(_url_of(engine), 0)


# What the catalogue is built from, in one round trip: it is checked before every text
# message (handlers/stations.py), so a village imported from the command line while the bot
# runs is known at once. A village is keyed by name and town: an import changes only where
# it is (lat, lon).
_SIGNATURE = select(
    *(
        part.scalar_subquery()
        for part in (
            select(func.count(Station.id)),
            select(func.max(Station.updated_at)),
            select(func.count(Village.id)),
            select(func.max(Village.id)),
            select(func.sum(Village.lat)),
            select(func.sum(Village.lon)),
        )
    )
)


async def _signature(session: AsyncSession) -> tuple[Any, ...]:
    return tuple((await session.execute(_SIGNATURE)).one())


async def catalog(session: AsyncSession) -> Catalog:
    """The catalogue of the session's database, rebuilt only when stations or villages changed."""
    url = _url_of(session.get_bind())
    signature = await _signature(session)
    cached = _cache.get(url)
    if cached is not None and cached[0] == signature:
        return cached[1]
    async with _cache_lock:
        cached = _cache.get(url)
        if cached is not None and cached[0] == signature:
            return cached[1]
        built = Catalog.build(await load_stations(session), await _load_places(session))
        _cache[url] = (signature, built)
        _generation[url] = next(_builds)
        return built


def info_of(station: Station, products: Iterable[str]) -> StationInfo:
    """The StationInfo of a stored station."""
    return StationInfo(
        id=station.id,
        external_id=station.external_id,
        name=station.name,
        kind=station.kind,
        lat=station.lat,
        lon=station.lon,
        address=station.address,
        phone=station.phone,
        open_from=station.open_from,
        open_to=station.open_to,
        cold_storage=station.cold_storage,
        products=frozenset(products),
        villages=tuple(split_list(station.villages)),
    )


async def load_stations(session: AsyncSession) -> list[StationInfo]:
    """Every active station with its products."""
    products = await _products_by_station(session)
    stations = await session.scalars(select(Station).where(Station.active.is_(True)))
    return [info_of(s, products.get(s.id, ())) for s in stations]


async def _load_places(session: AsyncSession) -> list[Place]:
    villages = await session.scalars(select(Village).order_by(Village.id))
    return [Place(v.name, v.town, v.lat, v.lon, v.id) for v in villages]


async def get_station(session: AsyncSession, station_id: int) -> StationInfo | None:
    """One active station by its id, or None."""
    station = await session.get(Station, station_id)
    if station is None or not station.active:
        return None
    products = await session.scalars(
        select(StationProduct.product).where(StationProduct.station_id == station_id)
    )
    return info_of(station, products)


async def get_place(session: AsyncSession, village_id: int) -> Place | None:
    """A gazetteer entry by id (from a "did you mean" button), or None."""
    village = await session.get(Village, village_id)
    if village is None:
        return None
    return Place(village.name, village.town, village.lat, village.lon, village.id)
