"""The projects' summary table: each project's logs in two figures (``ProjectLogTally``).

The ledger, the summaries and the API count a project's months without a log from its stored
month numbers and this row, instead of reading its logs. The services that write or delete a log
refresh its project's row in their transaction; ``rebuild`` recomputes the table from the logs.
"""

from django.db.models import Count, Max

from vanguard.core.summaries import Summary, register_summary

from .models import ProjectLog, ProjectLogTally


def log_months(**scope):
    """Per project (``project_id`` in ``scope``, or all): the distinct months with a log and the latest one."""
    return (
        ProjectLog.objects.filter(**scope)
        .order_by()
        .values("project_id")
        .annotate(months=Count("month", distinct=True), last_month=Max("month"))
    )


LOG_MONTHS = register_summary(
    Summary(
        name="projects.log_months",
        model=ProjectLogTally,
        key=("project_id",),
        figures=("months", "last_month"),
        compute=log_months,
        label="项目活动月数",
    )
)
