"""Which pickups staff shorthand means (收了, 没来, 孙大爷鸡蛋收了 28斤), and whether a weight
is far from the booking. Pure: the words are read by knowledge/text/staff_marks.py, the
replies given by handlers/bookings/marks.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bot.bookings.model import BookingView, SlotPickups, may_collect
from bot.models.stations import BookingStatus
from knowledge.text.lexicon import product_label
from knowledge.text.staff_marks import Mark

# A weighed amount more than FAR_FACTOR times the booking, or less than 1/FAR_FACTOR of it,
# is asked ✅ first (blind staff walk: 3000斤 typed for a 300斤 booking reached the farmer).
FAR_FACTOR = 3

# A title said after a surname (孙大爷, 老刘, 刘大姐, 赵哥, 王师傅): the farmer with that surname.
_TITLE = re.compile(
    r"^(?:老|小)?(?P<surname>[\u4e00-\u9fff])"
    r"(?:大爷|大娘|大妈|大叔|大婶|大姐|大哥|大嫂|爷爷|奶奶|叔|婶|姐|哥|嫂|师傅|老板|老师|家|总)?$"
)
_EN_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|uncle|auntie?|grandpa|grandma|old|brother|sister)\.? ")


def far_from_booking(weighed_kg: float, booked_kg: float) -> bool:
    """Whether a weighed amount is more than FAR_FACTOR times the booking or under 1/FAR_FACTOR."""
    if booked_kg <= 0:
        return False
    return weighed_kg > booked_kg * FAR_FACTOR or weighed_kg * FAR_FACTOR < booked_kg


def markable(b: BookingView, mark: Mark, today: datetime) -> bool:
    """Whether `b` may be marked so now: 收了 booked (or a same-day no-show), 没来 booked."""
    if mark is Mark.no_show:
        return b.status is BookingStatus.booked and b.day <= today.date()
    return b.day <= today.date() and may_collect(b.status, b.day, today.date())


def due(rounds: Sequence[SlotPickups], mark: Mark, now: datetime) -> list[BookingView]:
    """The pickups 收了 / 没来 alone mean: those of the rounds running now, else of today's
    rounds started already, else today's still to come (their buttons say when they work)."""
    today = now.date()
    open_today = [p for p in rounds if p.day == today and not p.closed]
    running = [p for p in open_today if p.starts <= now.time() < p.ends]
    started = [p for p in open_today if p.starts <= now.time()]
    for chosen in (running, started, open_today):
        found = [b for p in chosen for b in p.bookings if markable(b, mark, now)]
        if found:
            return found
    return []


def named(bookings: Sequence[BookingView], who: str) -> list[BookingView]:
    """The bookings whose farmer and/or produce `who` says (孙大爷鸡蛋, 刘大姐的白菜, mr sun)."""
    return [b for b in bookings if _names(b, who)]


def _names(b: BookingView, who: str) -> bool:
    """Whether `who` is said of `b`: its produce taken out, what is left names its farmer."""
    rest = who.lower().replace("的", "")
    said_product = False
    english = product_label("en", b.product).lower()
    for product, shorter in ((b.product, b.product[-2:]), (english, english.split()[-1])):
        # 白菜 for 大白菜, cabbage for napa cabbage, eggs for egg.
        for name in (f"{product}s", product, f"{shorter}s", shorter):
            if name and name in rest:
                rest, said_product = rest.replace(name, " "), True
                break
    rest = " ".join(rest.split()).strip()
    if not rest:
        return said_product
    return _is_farmer(b.farmer_name, rest)


def _is_farmer(name: str, said: str) -> bool:
    """孙大爷 of 孙大爷 (or of 孙建国: the surname and a title), 刘 of 刘大姐, sun of Sun Li."""
    name = name.lower().strip()
    if not name:
        return False
    if said in name:
        return True
    if name in said:  # 孙大爷 said whole, nothing else left unmatched (孙大爷白菜: not his 鸡蛋)
        return not said.replace(name, "").strip()
    title = _TITLE.match(said)
    if title is not None:
        return name.startswith(title.group("surname"))
    plain = _EN_TITLE.sub("", said)
    return plain.isascii() and bool(plain) and plain in name.split()
