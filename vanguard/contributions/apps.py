from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    """Links the results of merit projects to the campaign targets they serve (成果计入目标).

    It sits to the right of ``campaigns``, ``projects`` and ``voices`` (it imports them, none
    imports it): it adds a panel to the project page (and to a suggestion's, whose verified benefit
    counts the same way) and a line to its Word documents, counts a
    project's accepted benefit into its targets when the project is accepted, removes the links of
    a project withdrawn or rejected, keeps the foreign keys of each link (``ProjectContribution``)
    and links a few demo projects.
    """

    name = "vanguard.contributions"
    verbose_name = "成果计入目标"

    def ready(self):
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.events import subscribe
        from vanguard.core.panels import register_panel
        from vanguard.projects import events as projects_events

        from . import labels, services, views
        from .demo import build_demo_links

        subscribe(projects_events.PROJECT_ACCEPTED, services.project_target_count)
        subscribe(projects_events.PROJECT_WITHDRAWN, services.project_target_release)
        subscribe(projects_events.PROJECT_REJECTED, services.project_target_release)
        subscribe(projects_events.PROJECT_DOCUMENT_ROWS, labels.project_target_document_rows)
        register_panel("projects.project", views.project_targets_panel)
        register_demo_builder("contributions", build_demo_links)
        # ---- suggestions
        self._ready_suggestions()
        # ---- end suggestions

    @staticmethod
    def _ready_suggestions():
        """A suggestion's verified benefit counts into its targets, and leaves them when the verification is undone."""
        from vanguard.core.events import subscribe
        from vanguard.core.panels import register_panel
        from vanguard.voices import events as voices_events

        from . import services, views

        subscribe(voices_events.SUGGESTION_VERIFIED, services.suggestion_target_count)
        subscribe(voices_events.SUGGESTION_UNVERIFIED, services.suggestion_target_release)
        register_panel("voices.suggestion", views.suggestion_targets_panel)
