"""How a project's links read: its label on each link, and the 关联目标 line of its Word documents."""

from vanguard.campaigns.models import TargetContribution
from vanguard.core.dates import chinese_date
from vanguard.projects.events import ProjectDocument
from vanguard.projects.models import Project

from .selectors import project_target_list


def project_label(project: Project) -> str:
    return f"{project.number or '未立项'} · {project.title}"


def project_target_document_rows(document: ProjectDocument) -> list[tuple[str, str]] | None:
    """On ``PROJECT_DOCUMENT_ROWS``: the 关联目标 line of the Word 申报表 and 结项报告."""
    links = project_target_list(project=document.project)
    if not links:
        return None
    return [("关联目标", "；".join(_link_text(link) for link in links))]


def _link_text(link: TargetContribution) -> str:
    target = link.target
    if link.counted:
        return (
            f"{target.title}（计入 {link.value.normalize():f} {target.metric_unit}，{chinese_date(link.counted_on)}）"
        )
    return f"{target.title}（{link.note or '验收后计入'}）"


# ---- suggestions
def suggestion_label(suggestion) -> str:
    return f"合理化建议 {suggestion.number or '未编号'} · {suggestion.title}"


# ---- end suggestions
