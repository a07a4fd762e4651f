from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "vanguard.voices"
    verbose_name = "建议与整改"

    def ready(self):
        from . import access  # noqa: F401  (declares who may do what)
