from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "vanguard.projects"
    verbose_name = "立功立项"
