"""Every table's model, imported here so Alembic and tests see the whole schema."""

from bot.core.db import Base
from bot.models.admindata import DataApply, DataUpload, DraftStatus, KbDraft, UploadStatus
from bot.models.alerts import (
    AlertKind,
    AlertStatus,
    AlertSubscription,
    DeliveryRun,
    OutboxMessage,
    OutboxStatus,
)
from bot.models.audit import AuditEntry
from bot.models.broadcasts import AudienceKind, Broadcast, BroadcastStatus
from bot.models.cluster import WebhookUpdate
from bot.models.knowledge import (
    KbEntry,
    KbPhrasing,
    OpenQuestion,
    PhrasingStatus,
    QuestionMedia,
    QuestionStatus,
)
from bot.models.markets import (
    DemandListing,
    Market,
    MarketPrice,
    OfferStatus,
    Product,
    SupplyOffer,
)
from bot.models.roles import Invite
from bot.models.stations import (
    Booking,
    BookingConfirmation,
    BookingStatus,
    BotState,
    PlaceKind,
    Slot,
    SlotDay,
    Station,
    StationKind,
    StationProduct,
    Village,
)
from bot.models.users import Role, User

__all__ = [
    "AlertKind",
    "AlertStatus",
    "AlertSubscription",
    "AudienceKind",
    "AuditEntry",
    "Base",
    "Booking",
    "BookingConfirmation",
    "BookingStatus",
    "BotState",
    "Broadcast",
    "BroadcastStatus",
    "DataApply",
    "DataUpload",
    "DeliveryRun",
    "DemandListing",
    "DraftStatus",
    "Invite",
    "KbDraft",
    "KbEntry",
    "KbPhrasing",
    "Market",
    "MarketPrice",
    "OfferStatus",
    "OpenQuestion",
    "OutboxMessage",
    "OutboxStatus",
    "PhrasingStatus",
    "PlaceKind",
    "Product",
    "QuestionMedia",
    "QuestionStatus",
    "Role",
    "Slot",
    "SlotDay",
    "Station",
    "StationKind",
    "StationProduct",
    "SupplyOffer",
    "UploadStatus",
    "User",
    "Village",
    "WebhookUpdate",
]
