"""The roster in Excel: template, import (validated, all or nothing, with preview) and export.

The import reads the file tolerantly (``core.excel``), checks every row against the
trees and the database with a handful of batched queries, and only when no row is
bad hands the rows to ``services.person_bulk_upsert`` (one transaction, audited).
An export uses the same columns, so an exported file can be re-imported unchanged.

Modules: ``columns`` (titles, aliases, accepted values), ``result`` (row errors, counts),
``parse`` (reading a file and its rows), ``checks`` (across rows and against the database),
``write`` (the import), ``annotate`` (the file with its errors), ``template``, ``export``,
``storage`` (kept uploads) and ``synthetic`` (rows for the benchmark).
"""

from vanguard.core.excel import ExcelError

from .annotate import roster_error_workbook
from .checks import roster_validate
from .columns import COLUMNS, ERROR_COLUMN, TITLES
from .export import roster_export
from .parse import TreeIndex, roster_read
from .result import RosterResult, RowError
from .storage import KEEP_SECONDS, error_file_save, upload_dir, upload_path, upload_save
from .synthetic import synthetic_rows
from .template import roster_template
from .write import roster_import

__all__ = [
    "COLUMNS",
    "ERROR_COLUMN",
    "KEEP_SECONDS",
    "TITLES",
    "ExcelError",
    "RosterResult",
    "RowError",
    "TreeIndex",
    "error_file_save",
    "roster_error_workbook",
    "roster_export",
    "roster_import",
    "roster_read",
    "roster_template",
    "roster_validate",
    "synthetic_rows",
    "upload_dir",
    "upload_path",
    "upload_save",
]
