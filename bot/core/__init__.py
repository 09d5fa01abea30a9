"""Infrastructure every feature uses.

Settings, database, transactions, logs, i18n and its catalogues, geo, migrations, the clock.
"""
