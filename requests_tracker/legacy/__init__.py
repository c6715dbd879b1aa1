"""Legacy import and export of requests (the CSV format is documented in
docs/import-format.md).

Every row is validated with the same rules the services apply (statutory.check_* and
services.closure_errors). If any row is invalid nothing is imported and every problem
is reported with its line, column and reason. Rows whose `legacy_reference` is already
in the database are skipped, so importing the same file twice does not duplicate.
Valid files are written in bulk (a few statements per thousand rows), each request
with its clock stops and an `imported` timeline event, in one transaction.
"""

# Split by stage (format, reading, writing, streamed, export); the public names, and the
# streamed importer the tests drive directly.
from .export import export_rows
from .format import (
    BATCH,
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportRefused,
    ImportResult,
    ParsedRow,
    RowError,
)
from .reading import read_csv, validate_rows
from .streamed import AlreadyImporting, FileNotUTF8, _StreamedImport, decoded_lines, import_file
from .writing import write_rows

__all__ = [
    "BATCH",
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "AlreadyImporting",
    "FileNotUTF8",
    "ImportRefused",
    "ImportResult",
    "ParsedRow",
    "RowError",
    "_StreamedImport",
    "decoded_lines",
    "export_rows",
    "import_file",
    "read_csv",
    "validate_rows",
    "write_rows",
]
