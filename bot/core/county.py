"""The county's own name, as farmers are told who speaks to them: the sender of a county-wide
notice (📢 施甸县农业农村局通知：…) and the county admin who answered a question.

`county_name` (config.yaml, FARMHUB_COUNTY_NAME) and, for farmers reading English,
`county_name_en` (else county_name); with neither set, the catalogue's words for it.
"""

from __future__ import annotations

from bot.core.config import get_settings
from bot.core.i18n import t


def county_name(lang: str, fallback_key: str) -> str:
    """The county's name in `lang`, else the catalogue's `fallback_key` (县农业服务中心)."""
    settings = get_settings()
    own = settings.county_name
    if lang == "en":
        own = settings.county_name_en or own
    return own.strip() or t(lang, fallback_key)
