"""An admin's alert upload with a `unit` column: its values are per that unit, and the farmer
reads the alert in it (before: no such column, every value 元/斤, every alert per 斤)."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.questions_util import speaks
from tests.e2e.test_admin_data_e2e import county

pytestmark = pytest.mark.e2e

__all__ = ["county"]

FILE = "telegram_id,product,market,kind,value,unit\n10001,土豆,新发地,below,3,公斤\n"
LISTED = {
    "zh": "跌到 3.00 元/公斤 以下时提醒",
    "en": "alert when it falls to 3.00 yuan/kg or less",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_upload_per_kg_is_read_per_kg(county: Harness, lang: str) -> None:
    await speaks(lang, 30001)
    await speaks(lang, 10001)
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    preview = (await admin.send_document(FILE.encode(), "alerts.csv")).last
    assert t(lang, "admindata.apply") in preview.buttons, preview.text
    applied = await admin.press(t(lang, "admindata.apply"))
    assert "alerts.csv" in (applied.last.text or "")
    listed = (await farmer.send("/alerts")).last.text or ""
    assert LISTED[lang] in listed, listed
    # Re-uploading the file without the column (as before it): 3 is per 斤 again.
    old = FILE.replace(",unit", "").replace(",公斤", "")
    await admin.send_document(old.encode(), "alerts-old.csv")
    await admin.press(t(lang, "admindata.apply"))
    listed = (await farmer.send("/alerts")).last.text or ""
    assert LISTED[lang].replace("kg", "jin").replace("公斤", "斤") in listed, listed
