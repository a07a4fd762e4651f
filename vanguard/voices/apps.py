from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "vanguard.voices"
    verbose_name = "建议与整改"

    def ready(self):
        # ---------------------------------------------------------------- suggestions (合理化建议)
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.views import register_object_page

        from . import (
            access,  # noqa: F401  (declares who may do what)
            events,  # noqa: F401  (declares the events and their labels)
            navigation,  # noqa: F401  (registers the nav module)
            suggestion_docx,  # noqa: F401  (registers the 合理化建议表)
            suggestion_excel,  # noqa: F401  (declares the ledger's export)
        )
        from .choices import STATUS_COLOURS
        from .demo import build_demo_suggestions

        register_colours(STATUS_COLOURS)
        register_object_page("voices.suggestion", "suggestion-detail")
        register_demo_builder("voices.suggestions", build_demo_suggestions)
