"""Broadcasts at the edge: the staff's composer (compose.py); /broadcasts, the farmers'
/notices and the due job (manage.py). The domain is bot/broadcasts."""
