"""Service stations: the catalogue, finding the nearest, staff, import/export and the CLI."""
