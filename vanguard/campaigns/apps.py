from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "vanguard.campaigns"
    verbose_name = "主题实践活动"

    def ready(self):
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder

        from . import (
            events,  # noqa: F401  (declares the events and their labels)
            jobs,  # noqa: F401  (declares the scheduled jobs)
            letters_docx,  # noqa: F401  (registers its Word documents)
            navigation,  # noqa: F401  (registers the nav module)
            summaries,  # noqa: F401  (declares the summary tables of the reports)
        )
        from .choices import STATUS_COLOURS
        from .demo import build_demo_campaigns

        register_demo_builder("campaigns", build_demo_campaigns)
        register_colours(STATUS_COLOURS)
