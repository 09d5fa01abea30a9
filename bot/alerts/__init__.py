"""Price alerts: farmers' subscriptions, and the pushes they cause. Telegram-free.

Modules: `model` (values and errors), `parsing` (a farmer's words), `places`
(where an alert watches), `service` (subscriptions), `firing` (alerts from new
prices), `digests`, `text`, `cli`.

A subscription watches one product at one market, a region (a city or a
province), the markets nearest a place named where none quotes (潍坊, a village of
the county's gazetteer: its name and point are stored), or the farmer's nearest
markets, and is one of

- `daily`: a digest of the latest prices at a chosen time (Asia/Shanghai);
- `above` / `below`: the price reaches X 元/斤 (a price per 公斤 is converted);
- `move`: the price moves Y% or more from the market's previous price day.

Threshold and move alerts fire from `on_new_prices`, which the price import
calls in its own transaction, so the pushes are queued exactly when the prices
are stored. Each fires at most once per subscription and price date: the
outbox key is ``alert:<subscription>:<date>``. Only fresh prices fire (at most
FRESH_DAYS old, and the newest of their market): a backfill of old prices
stays quiet. Digests are queued by `enqueue_digests` with the key
``digest:<subscription>:<local date>``, so a digest job that runs twice (a
restart, a catch-up) sends once.

A farmer who blocked the bot (403) has their active subscriptions set to
`blocked`; they count as active again as soon as the farmer is active again
(they talked to the bot: `users.active`), and are switched back then.
"""
