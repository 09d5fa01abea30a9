"""Every table's model, imported here so Alembic and tests see the whole schema."""

from bot.db import Base
from bot.models.knowledge import KbEntry, OpenQuestion, QuestionStatus
from bot.models.markets import (
    DemandListing,
    Market,
    MarketPrice,
    OfferStatus,
    Product,
    SupplyOffer,
)
from bot.models.users import Role, User

__all__ = [
    "Base",
    "DemandListing",
    "KbEntry",
    "Market",
    "MarketPrice",
    "OfferStatus",
    "OpenQuestion",
    "Product",
    "QuestionStatus",
    "Role",
    "SupplyOffer",
    "User",
]
