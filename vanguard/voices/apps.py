from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "vanguard.voices"
    verbose_name = "建议与整改"

    def ready(self):
        from . import access  # noqa: F401  (declares who may do what)

        # ---- participation
        self._ready_participation()
        # ---- end participation

    @staticmethod
    def _ready_participation():
        from . import (
            navigation,  # noqa: F401  (registers the nav module)
            summaries,  # noqa: F401  (registers the statistics' summary tables)
        )
