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
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder

        from . import exports  # noqa: F401  (declares the scheme and round lists)
        from .choices import ROUND_STATUS_COLOURS
        from .demo import build_schemes_demo

        register_colours(ROUND_STATUS_COLOURS)
        register_demo_builder("evaluations.schemes", build_schemes_demo)

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
        from . import providers  # noqa: F401  (registers the automatic sources)

    # ---- end sources
    # ---- results
    @staticmethod
    def _ready_results():
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.panels import register_panel

        from . import results_docx, results_exports  # noqa: F401  (the Word sheet and the Excel export)
        from .demo import build_demo_results
        from .services.results import register_tasks
        from .views.results import results_panel

        register_tasks()
        register_panel("evaluations.evaluationround", results_panel)
        register_demo_builder("evaluations.results", build_demo_results)

    # ---- end results
    # ---- support
    @staticmethod
    def _ready_support():
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.events import subscribe
        from vanguard.core.panels import register_panel

        from . import support_docx, support_exports  # noqa: F401  (register the paper and the export)
        from .choices import SUPPORT_STATUS_COLOURS
        from .demo import build_support_demo
        from .events import ROUND_PUBLISHED
        from .services.support import support_plans_open_for_round
        from .views.support import finding_support_panel, round_support_panel

        register_colours(SUPPORT_STATUS_COLOURS)
        subscribe(ROUND_PUBLISHED, support_plans_open_for_round)
        register_panel("evaluations.evaluationround", round_support_panel)
        register_panel("voices.finding", finding_support_panel)
        register_demo_builder("evaluations.support", build_support_demo)

    # ---- end support
