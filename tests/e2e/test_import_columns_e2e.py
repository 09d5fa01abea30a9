"""Uploads in the chat, through the local Bot API server (blind Gansu walk):
- a price file of `date,product,market,price,unit` previewed `low 2.20 → -、high …、source … → -`
  and emptied them; now it keeps them and the preview names the price alone;
- a buyer's 300 只 羊 at 一千四 元/只 was refused three times (元/斤, '只', '元/只'); now it
  is loaded, 七十 / 一千四 read as in /price, and farmers see 元/只 (yuan/head)."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.questions_util import speaks
from tests.e2e.test_admin_data_e2e import county, today_of

pytestmark = pytest.mark.e2e

__all__ = ["county"]

MARKET = "北京新发地农产品批发市场"
DEMAND = "buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact\n"
ASKED = {"zh": "哪里收羊肉", "en": "who buys mutton"}
SEEN = {"zh": "收 羊肉 300只，出价 1400.00 元/只", "en": "300 head, offers 1400.00 yuan/head"}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_file_without_columns_keeps_them_and_livestock_per_head_loads(
    county: Harness, lang: str
) -> None:
    await speaks(lang, 30001)
    await speaks(lang, 10001)
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    day = today_of(county)
    full = f"date,product,market,price,unit,low,high,source\n{day},西红柿,{MARKET},2.5,元/斤,2.2,2.8,官网\n"
    await admin.send_document(full.encode(), "full.csv")
    await admin.press(t(lang, "admindata.apply"))
    short = f"date,product,market,price,unit\n{day},西红柿,{MARKET},七十分之一,元/斤\n"
    refused = (await admin.send_document(short.encode(), "bad.csv")).texts
    assert any("price" in m and "七十分之一" in m for m in refused), refused
    short = short.replace("七十分之一", "二块六")
    preview = (await admin.send_document(short.encode(), "short.csv")).last
    text = preview.text or ""
    assert "price 2.50 → 2.60" in text, text
    assert "low" not in text and "high" not in text and "source" not in text, text
    await admin.press(t(lang, "admindata.apply"))
    prices = (await farmer.send("西红柿价格" if lang == "zh" else "tomato price")).texts
    assert any("2.2" in m and "2.8" in m for m in prices), prices
    demand = DEMAND + f"兰州清真牛羊肉公司,羊,300,只,一千四,元/只,36.06,103.83,{day},138\n"
    preview = (await admin.send_document(demand.encode(), "demand.csv")).last
    assert t(lang, "admindata.apply") in preview.buttons, preview.text
    await admin.press(t(lang, "admindata.apply"))
    answer = (await farmer.send(ASKED[lang])).texts
    assert any(SEEN[lang] in m for m in answer), answer
