from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "vanguard.evaluations"
    verbose_name = "考评与评议"

    def ready(self):
        from . import (
            access,  # noqa: F401  (declares who may do what)
            events,  # noqa: F401  (declares the events and their labels)
            navigation,  # noqa: F401  (registers the nav module)
        )

        # ---- schemes
        self._ready_schemes()
        # ---- end schemes
        # ---- ballots
        self._ready_ballots()
        # ---- end ballots
        # ---- sources
        self._ready_sources()
        # ---- end sources
        # ---- results
        self._ready_results()
        # ---- end results
        # ---- support
        self._ready_support()
        # ---- end support

    # ---- schemes
    @staticmethod
    def _ready_schemes():
        pass

    # ---- end schemes
    # ---- ballots
    @staticmethod
    def _ready_ballots():
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.panels import register_panel

        from . import demo
        from .services import ballots  # noqa: F401  (issues and seals the ballots on a round's transitions)
        from .views.ballots import turnout_panel

        register_panel("evaluations.evaluationround", turnout_panel)
        register_demo_builder("evaluations.ballots", demo.build_ballots)

    # ---- end ballots
    # ---- sources
    @staticmethod
    def _ready_sources():
        pass

    # ---- end sources
    # ---- results
    @staticmethod
    def _ready_results():
        pass

    # ---- end results
    # ---- support
    @staticmethod
    def _ready_support():
        pass

    # ---- end support
