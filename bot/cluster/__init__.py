"""Running FarmHub as several processes on one PostgreSQL (issue 17): claims, locks, caches."""
