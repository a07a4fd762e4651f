"""What a roster check or import found: row errors and the counts."""

from dataclasses import dataclass, field

from vanguard.core.imports import error_summary


@dataclass(frozen=True)
class RowError:
    """One problem in the file: Excel row number, column title, message in Chinese."""

    row: int | None
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RosterResult:
    """What an import did (or, for a dry run, would do)."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    table: object = None
    unknown_columns: list = field(default_factory=list)  # header titles the import does not read

    @property
    def ok(self):
        return not self.errors

    def counts(self):
        return {"total": self.total, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def as_dict(self):
        """The answer of a page, a task or the API: the first ``IMPORT_MAX_ERRORS`` errors and their count
        (the annotated error file has them all)."""
        summary = error_summary(self.errors)
        return {
            **self.counts(),
            "dry_run": self.dry_run,
            "written": self.written,
            "error_count": summary["error_count"],
            "unknown_columns": self.unknown_columns,
            "errors": [e.as_dict() for e in summary["errors"]],
        }
