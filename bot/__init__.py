"""FarmHub: market prices, pickups and answers for rural farmers, over Telegram."""

__version__ = "0.1.0"
