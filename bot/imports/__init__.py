"""Tabular imports: read a file (`table`), check it (`checks`), report (`result`),
and every importer by kind (`registry`), which the command line (`command`) and
the chat share.

`from bot.imports import ...` is the one path importers and exports use; the
names below are the package's public surface (`command` is imported by the CLI
modules only).
"""

from bot.imports.checks import (
    FIRST_DATE,
    LAST_DATE,
    MAX_BIGINT,
    Checker,
    check_header,
    parse_date,
    parse_float,
    parse_int,
    parse_latitude,
    parse_longitude,
    parse_positive,
    split_list,
)
from bot.imports.registry import (
    ImportOptions,
    import_label,
    import_table,
    preview_table,
    run_import,
)
from bot.imports.result import ImportFailed, ImportResult, RowError, failure_lines, print_failure
from bot.imports.table import (
    FIRST_DATA_ROW,
    MAX_CELL,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UNPACKED_MB,
    MAX_XLSX_CELL,
    SUFFIXES,
    Row,
    Table,
    escape_formula,
    escape_xlsx,
    read_table,
    sheet_bytes,
    unescape_formula,
    unescape_xlsx,
    write_sheet,
)

__all__ = [
    "FIRST_DATA_ROW",
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_BIGINT",
    "MAX_CELL",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "MAX_UNPACKED_MB",
    "MAX_XLSX_CELL",
    "SUFFIXES",
    "Checker",
    "ImportFailed",
    "ImportOptions",
    "ImportResult",
    "Row",
    "RowError",
    "Table",
    "check_header",
    "escape_formula",
    "escape_xlsx",
    "failure_lines",
    "import_label",
    "import_table",
    "parse_date",
    "parse_float",
    "parse_int",
    "parse_latitude",
    "parse_longitude",
    "parse_positive",
    "preview_table",
    "print_failure",
    "read_table",
    "run_import",
    "sheet_bytes",
    "split_list",
    "unescape_formula",
    "unescape_xlsx",
    "write_sheet",
]
