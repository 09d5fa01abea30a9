"""Broadcasts at the edge: the staff's composer (compose.py, with its steps in recipients.py
and sending.py, sharing draft.py); /broadcasts, the farmers' /notices and the due job
(manage.py). The domain is bot/broadcasts."""
