"""Which of the station's collection rounds a notice calls off or moves: 明天上午停电，收货改到
下午两点以后 (tomorrow morning's), 周日休息 (Sunday's), 明天收货改到下午 (tomorrow morning's: the
afternoon is where it goes), "no collection tomorrow morning, power cut".

A round is a day and, when said, a part of the day ("am" / "pm"). It is read clause by clause:
a clause naming a day or a part of the day with words that call it off (停电, 不收货, 暂停, 关门,
休息, 放假, "closed", "no collection", and the staff's own close words, staff_words.CLOSE), or
naming it before a move (改到, 推迟, "moved to"): what follows a move is where the round goes,
never a round called off. A part said without a day is the day said earlier in the sentence, or
today (as close words read it). What goes on as usual (下午照常) and a lunch break (中午休息) call
nothing off. Pure; the days and parts are read by dates.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.text.dates import days_named, parse_part
from knowledge.text.day_words import YESTERDAY_WORDS
from knowledge.text.normalise import normalise
from knowledge.text.staff_words import CLOSE

# Said of the station or its collecting on a day: that round is off.
_OFF = re.compile(
    r"(?<!不)停电|停业|停收|暂停|不收|关门|不开门|不营业|(?<!不)休息|(?<!不)放假|歇业"
    r"|\bclosed\b|\bshut\b|\bno (?:collection|collecting|pickups?|deliveries|buying)\b"
    r"|\bpower (?:cut|outage|off)\b|\bholiday\b|\bday off\b|\bcancell?ed\b"
)
# Moved elsewhere: what is named before it is called off, what follows is where it goes.
_MOVE = re.compile(
    r"改到|改成|改在|改为|换到|挪到|调到|推迟到?|推到|延到|延期到?|延后到?|顺延到?|提前到"
    r"|\bmoved?(?: to)?\b|\bpostponed?(?: to| until| till)?\b|\bchanged? to\b"
    r"|\breschedul(?:ed|ing)?(?: to| for)?\b|\bpushed back(?: to)?\b|\bbrought forward to\b"
)
# A move said of the collecting (明天的培训改到后天 moves no round).
_COLLECTING = re.compile(r"收|送|交货|拉货|\bcollect|\bpick ?ups?\b|\bdeliver|\bround\b|\bbring")
_AS_USUAL = re.compile(r"照常|正常|不变|as usual|still open|goes ahead|open as normal")
# 中午休息: a lunch break, no round.
_NOON = re.compile(r"中午|午休|晌午|\blunch\b|\bnoon\b")
# A day gone by (昨天上午停电): no round left to call off.
# Yesterday in the farmers' words is day_words' list (昨个, 昨儿个: 东北).
_GONE = re.compile(
    "|".join(map(re.escape, YESTERDAY_WORDS))
    + r"|前天|前晚|前儿|上周|上个?星期|上个?礼拜|\byesterday\b|\blast week\b"
)
_SENTENCES = re.compile(r"[。！!；;\n?？]|(?<=[a-z])\.(?:\s|$)")
_CLAUSES = re.compile(r"[,，、]|\s-\s")
_OTHER_PART = {"am": "pm", "pm": "am"}


@dataclass(frozen=True)
class RoundOff:
    """A round a notice calls off or moves: its day, and its part ("am"/"pm"; None: all day)."""

    day: date
    part: str | None


def rounds_off(text: str, today: date) -> list[RoundOff]:
    """The rounds `text` calls off or moves, in the order said (none when it names none)."""
    found: list[RoundOff] = []
    for sentence in _SENTENCES.split(normalise(text)):
        collecting = bool(_COLLECTING.search(sentence))
        day_said: list[date] = []
        for clause in _CLAUSES.split(sentence):
            move = _MOVE.search(clause)
            source = clause[: move.start()] if move else clause
            days = days_named(source, today)
            part = parse_part(source)
            if days:
                day_said = days
            if _AS_USUAL.search(clause) or _GONE.search(source):
                continue
            if move is not None:
                if not collecting or not (days or part):
                    continue
                target = clause[move.end() :]
                if part is None and not days_named(target, today):
                    # 明天收货改到下午: the morning goes to the afternoon.
                    part = _OTHER_PART.get(parse_part(target) or "")
            elif not (_OFF.search(source) or CLOSE.search(source)):
                continue
            if part is None and not days:
                continue
            if part is None and _NOON.search(source):
                continue  # 明天中午休息: a lunch break
            for day in days or day_said or [today]:
                said = RoundOff(day, part)
                if day >= today and said not in found:
                    found.append(said)
    return found
