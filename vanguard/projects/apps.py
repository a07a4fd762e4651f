from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "vanguard.projects"
    verbose_name = "立功立项"

    def ready(self):
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.views import register_object_page

        from . import (
            events,  # noqa: F401  (declares the events and their labels)
            navigation,  # noqa: F401  (registers the nav module)
            project_docx,  # noqa: F401  (registers its Word documents)
            summaries,  # noqa: F401  (declares the summary of the logs)
        )
        from .choices import STATUS_COLOURS
        from .demo import build_demo_projects

        register_demo_builder("projects", build_demo_projects)
        register_colours(STATUS_COLOURS)
        register_object_page("projects.project", "project-detail")
