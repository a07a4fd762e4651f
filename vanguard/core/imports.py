"""What every import answers about the errors it found: the first ``IMPORT_MAX_ERRORS`` and how many.

A file of 50,000 bad rows finds hundreds of thousands of errors; a page or an API answer lists the
first ones (they are in row order, so fixing them and uploading again shows the next) and the count.
Imports keep every error where they need it (the roster's annotated error file), never on a screen.
"""

from django.conf import settings


def max_errors():
    """The most errors an import answer lists."""
    return getattr(settings, "IMPORT_MAX_ERRORS", 200)


def error_summary(errors, *, limit=None):
    """``{"errors": the first ones, "error_count": all of them}`` for an answer (a page, the API, a task)."""
    limit = max_errors() if limit is None else limit
    return {"errors": list(errors[:limit]), "error_count": len(errors)}


class ImportErrors:
    """For an import's result holding ``errors``: the ones a page lists and their count.

    Templates show them with ``{% include "components/import_errors.html" %}``.
    """

    errors: list

    @property
    def error_count(self):
        return len(self.errors)

    @property
    def errors_shown(self):
        return self.errors[: max_errors()]

    @property
    def errors_hidden(self):
        return max(0, len(self.errors) - max_errors())
