"""China's provinces, prefectures and counties, and finding one named in a question.

knowledge/data/places.csv holds every province, prefecture (地级市, 地区, 州, 盟),
county (县, 县级市, 旗) and district (区) with a point to measure distances from
(derived once from the MIT-licensed adcodes table of the `cpca` package, 0.5.5).
A farmer asks 潍坊土豆价格 where no market quotes: the place is found here, so the
answer can say so and show the markets nearest to it. Districts are matched only
by their full name (朝阳区), counties whose short name is an everyday word (比如县,
合作市) too; the rest by their full or short name (寿光市, 寿光), and, in English,
provinces, prefectures and county-level cities by their pinyin (Weifang).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from knowledge.text.lexicon import DATA_DIR, pinyin_key
from knowledge.text.normalise import normalise

PLACES_FILE = DATA_DIR / "places.csv"
# Higher levels win a name two places share (海南: the province, not 海南州).
_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 3}
# What a farmer types before or after a place that is no place (今天, 我们这, 附近), and how
# often (每日推送甘蔗价格: 每日 is no place, blind tester).
_NOT_PLACES = (
    "每天|每日|天天|日日|每早|每晚|每朝|每周|每星期|每个星期|每月|每个月|每年|每次|每回|早上|晚上|"
    "早晨|上午|下午|中午|按时|定时|准时|经常|平时|推送|推给|发送|告诉|通知|俾我|畀我|"
    "今天|今日|明天|昨天|现在|最近|最新|这几天|这两天|近期|目前|眼下|本地|当地|附近|周边|这边|这里|"
    "这儿|我们这|咱们这|俺们这|我这|咱这|俺这|我们|咱们|俺们|你们|一般|大概|大约|请问|问一下|问下|"
    "帮我|帮忙|看看|查查|想知道|知道|一下|我想问|我想|想问|问问|我要|你好|您好|老师|师傅|大哥|大姐|"
    "麻烦|请教|给我|说说|发个|报个|市场|批发|零售|收购|地头|产地|全国|国内|外地|"
    # What the farmer has before its amount (我有500斤土豆能卖几个钱): no place.
    "我家有|俺家有|咱家有|家里有|屋里有|手里有|手上有|我有|俺有|咱有|能卖|"
    # Whose it is (俺家苞米咋卖, 咱家玉米多少钱: sandbox walk, 「没找到「俺家」这个地方」).
    "我家的|俺家的|咱家的|我家|俺家|咱家|自家|自己家|自己的|自己|家里的|家里|屋里|屋头|"
    "我屋|俺屋|我的|俺的|咱的|地里的|地里|园里|棚里"
)
# A place word said in English ("potato price in Mars"): the word after in/at/near.
_EN_PLACE = re.compile(r"\b(?:in|at|near|around|from)\s+([a-z][a-z\- ]{1,30}?)\s*(?:[?.!,]|$)")
_EN_NOT_PLACES = frozenset(
    {"jin", "kg", "kilo", "kilos", "yuan", "rmb", "the market", "market", "markets", "china",
     "my area", "my village", "my town", "town", "the village", "village", "here", "today",
     "now", "total", "general", "bulk", "wholesale", "retail", "english", "chinese"}
)  # fmt: skip
# How a place's name ends (xx村, 火星镇).
PLACE_ENDINGS = "村|镇|乡|县|市|区|省|州|庄|屯|寨|旗|盟"
# A run of characters ending like a place: a place the farmer named.
_SUFFIXED = re.compile(rf"[\u4e00-\u9fffa-z0-9]{{1,10}}?(?:{PLACE_ENDINGS})")


@dataclass(frozen=True)
class ChinaPlace:
    """One province, prefecture, county or district, with a point inside it."""

    name: str  # 潍坊市
    short: str  # 潍坊 ("" when only the full name is matched)
    level: str  # province | prefecture | county | district
    province: str  # 山东省
    prefecture: str  # 潍坊市 for 寿光市 ("" for provinces and prefectures)
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """What farmers call it: 潍坊, 山东, 朝阳区."""
        return self.short or self.name


@dataclass(frozen=True)
class Gazetteer:
    """The places, with the words (characters and pinyin) each is found by."""

    places: tuple[ChinaPlace, ...]
    by_name: dict[str, ChinaPlace]
    # A matched word -> its place; None for a word two places share (鼓楼区): which one
    # is unknown, and no shorter word inside it (鼓楼) is read instead.
    words: dict[str, ChinaPlace | None]
    pinyin: dict[str, ChinaPlace]  # "weifang" -> 潍坊市
    longest_first: tuple[str, ...]  # the words of `words`, longest first

    def find(self, norm: str) -> ChinaPlace | None:
        """The place a normalised text names (the most specific: 潍坊 in 山东潍坊); None if none."""
        found: list[ChinaPlace] = []
        if not norm.isascii():
            covered = [False] * len(norm)
            for word in self.longest_first:
                start = norm.find(word)
                if start < 0 or any(covered[start : start + len(word)]):
                    continue
                covered[start : start + len(word)] = [True] * len(word)
                place = self.words[word]
                if place is not None:
                    found.append(place)
        if not found and any(c.isascii() and c.isalpha() for c in norm):
            tokens = re.findall(r"[a-z]+", norm.lower())
            # "Wei Fang" or "Weifang": one to three words joined.
            for size in (3, 2, 1):
                for i in range(len(tokens) - size + 1):
                    place = self.pinyin.get("".join(tokens[i : i + size]))
                    if place is not None:
                        found.append(place)
        return max(found, key=lambda p: _RANK[p.level], default=None)


@cache
def gazetteer() -> Gazetteer:
    """The places of knowledge/data/places.csv, read once."""
    with PLACES_FILE.open(encoding="utf-8", newline="") as f:
        places = tuple(
            ChinaPlace(
                r["name"], r["short"], r["level"], r["province"], r["prefecture"],
                float(r["lat"]), float(r["lon"]),
            )
            for r in csv.DictReader(f)
        )  # fmt: skip
    words = _unique({w: p for w in (p.name, p.short) if w} for p in places)
    return Gazetteer(
        places,
        {p.name: p for p in places},
        words,
        {
            w: p
            for w, p in _unique({_pinyin(p.short): p} for p in places if _pinyin_matched(p)).items()
            if p
        },
        tuple(sorted(words, key=len, reverse=True)),
    )


def _pinyin_matched(place: ChinaPlace) -> bool:
    # Counties and districts by pinyin would find English words (longan is 龙安区).
    return bool(place.short) and (
        place.level in ("province", "prefecture") or place.name.endswith("市")
    )


def _pinyin(word: str) -> str:
    return "".join(pinyin_key(word, fuzzy=False))


def _unique(entries: Iterable[dict[str, ChinaPlace]]) -> dict[str, ChinaPlace | None]:
    # A word two places share finds the higher one (河南: the province); two of the
    # same level in different prefectures (鼓楼区) find None: which one is unknown.
    found: dict[str, list[ChinaPlace]] = {}
    for entry in entries:
        for word, place in entry.items():
            found.setdefault(word, []).append(place)
    chosen: dict[str, ChinaPlace | None] = {}
    for word, candidates in found.items():
        candidates.sort(key=lambda p: _RANK[p.level])
        best = candidates[0]
        rivals = [p for p in candidates[1:] if _RANK[p.level] == _RANK[best.level]]
        same = all(p.prefecture == best.prefecture and p.province == best.province for p in rivals)
        chosen[word] = best if same else None
    return chosen


def named_place(norm: str) -> ChinaPlace | None:
    """The province, prefecture or county a normalised question names, if any."""
    return gazetteer().find(norm)


@cache
def inside(part: str, whole: str) -> bool:
    """Whether the place named `part` (寿光, a county-level city) lies in the one named `whole`
    (潍坊, its prefecture; 山东, its province): a market there is in it, at no distance."""
    found, area = named_place(normalise(part)), named_place(normalise(whole))
    if found is None or area is None or found == area:
        return found is not None and found == area
    if area.level == "province":
        return found.province == area.name
    return area.level == "prefecture" and found.prefecture == area.name


def unknown_place_word(norm: str, rest: str) -> str:
    """A place the farmer named that no table knows (火星, xx村), or "".

    `rest` is the question with its product, price and alert words taken out: what
    is left before the product (火星土豆价格), ending like a place (xx村), or after
    "in" (potato price in Mars) was said as a place.
    """
    rest = re.sub(_NOT_PLACES, " ", rest)
    suffixed = _SUFFIXED.search(rest)
    if suffixed is not None:
        return suffixed.group(0)
    if norm.isascii():
        said = _EN_PLACE.search(norm)
        if said is not None and said.group(1).strip() not in _EN_NOT_PLACES:
            word = said.group(1).strip()
            return word if word in rest else ""
        return ""
    runs = re.findall(r"[\u4e00-\u9fff]{2,8}", rest)
    # Only the words before the product: 火星土豆价格, not 土豆价格咋样.
    return runs[0] if runs and norm.startswith(runs[0]) else ""
