"""The uploaded sheet written back with its errors."""

from collections import defaultdict

from vanguard.core.excel import SafeWorkbook, clean_text, header_key

from .columns import ERROR_COLUMN


def roster_error_workbook(table, errors, target=None):
    """The uploaded sheet again, every cell as it was, with a red ``错误说明`` column per bad row.

    A file that already has the column (an annotated file, corrected and uploaded again)
    gets it refilled rather than a second one.
    """
    by_row = defaultdict(list)
    for error in errors:
        by_row[error.row].append(f"{error.column}:{error.message}" if error.column else error.message)
    keys = [header_key(cell) for cell in table.header]
    error_col = keys.index(ERROR_COLUMN) if ERROR_COLUMN in keys else max(table.width, len(table.header))
    book = SafeWorkbook(target)
    sheet = book.add_sheet(table.sheet_name or "花名册", freeze=False)
    ws = sheet.worksheet
    for col, cell in enumerate(table.header):
        ws.set_column(col, col, max(8, min(40, len(clean_text(cell)) * 2 + 4)))
    ws.set_column(error_col, error_col, 60)
    ws.freeze_panes(table.header_row, 0)
    for index, cells in enumerate(table.cells):
        cells = [*cells[:error_col], "", *cells[error_col + 1 :]] if len(cells) > error_col else cells
        if index == table.header_row - 1:
            sheet.write_row(index, cells, cell_format=book.formats["header"])
            ws.write_string(index, error_col, ERROR_COLUMN, book.formats["error_header"])
            continue
        sheet.write_row(index, cells)
        if index + 1 in by_row:
            sheet.write_cell(index, error_col, ";".join(by_row[index + 1]), book.formats["error"])
    if None in by_row:
        sheet.write_cell(len(table.cells), error_col, ";".join(by_row[None]), book.formats["error"])
    return book.close()
