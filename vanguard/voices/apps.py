from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "vanguard.voices"
    verbose_name = "建议与整改"

    def ready(self):
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.panels import register_panel
        from vanguard.core.views import register_object_page

        from . import (
            access,  # noqa: F401  (declares who may do what)
            events,  # noqa: F401  (declares the events and their labels)
            exports,  # noqa: F401  (declares the visit and finding ledgers)
            finding_docx,  # noqa: F401  (registers the 整改通知单 and 销号单)
            navigation,  # noqa: F401  (registers the nav module)
            suggestion_docx,  # noqa: F401  (registers the 合理化建议表)
            suggestion_excel,  # noqa: F401  (declares the ledger's export)
        )
        from .choices import FINDING_COLOURS, STATUS_COLOURS
        from .demo import build_demo_findings, build_demo_suggestions
        from .selectors import findings  # noqa: F401  (registers the picker of any unit)
        from .views import carry_on

        register_colours(STATUS_COLOURS)
        register_colours(FINDING_COLOURS)
        register_object_page("voices.suggestion", "suggestion-detail")
        register_object_page("voices.visit", "visit-detail")
        register_object_page("voices.finding", "finding-detail")
        register_panel("voices.suggestion", carry_on.suggestion_records_panel)
        # Findings link to suggestions when there are some: the suggestions are built first.
        register_demo_builder("voices.suggestions", build_demo_suggestions)
        register_demo_builder("voices.findings", build_demo_findings)

        # ---- participation
        self._ready_participation()
        # ---- end participation

    @staticmethod
    def _ready_participation():
        from . import summaries  # noqa: F401  (registers the statistics' summary tables)
