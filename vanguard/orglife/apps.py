from django.apps import AppConfig


class OrglifeConfig(AppConfig):
    name = "vanguard.orglife"
    verbose_name = "组织生活"

    def ready(self):
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.views import register_object_page

        from . import (
            events,  # noqa: F401  (declares the events and their labels)
            exports,  # noqa: F401  (declares the exports)
            meeting_docx,  # noqa: F401  (registers its Word documents)
            navigation,  # noqa: F401  (registers the nav module)
            summaries,  # noqa: F401  (declares the summary tables)
        )
        from .choices import STATUS_COLOURS
        from .demo import build_demo_orglife

        register_demo_builder("orglife", build_demo_orglife)
        register_colours(STATUS_COLOURS)
        register_object_page("orglife.meeting", "meeting-detail")
