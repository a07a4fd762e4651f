from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "vanguard.org"
    verbose_name = "组织与人员"

    def ready(self):
        from vanguard.core.badges import register_colours
        from vanguard.core.scope import register_scope_builder

        from . import events  # noqa: F401  (declares the events and their labels)
        from .choices import STATUS_COLOURS
        from .scope import build_scope

        register_scope_builder(build_scope)
        register_colours(STATUS_COLOURS)
        from . import exports, headcounts, navigation, tasks  # noqa: F401  (registers exports, summaries, nav, tasks)
