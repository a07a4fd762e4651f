from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "vanguard.indicators"
    verbose_name = "指标与竞赛"

    def ready(self):
        from . import (
            access,  # noqa: F401  (declares who may do what)
            events,  # noqa: F401  (declares the events and their labels)
            navigation,  # noqa: F401  (registers the nav module)
        )

        self._ready_indicators()
        # ---- competitions
        self._ready_competitions()
        # ---- end competitions
        # ---- talent
        self._ready_talent()
        # ---- end talent

    @staticmethod
    def _ready_indicators():
        from vanguard.core.demo import register_demo_builder

        from . import exports, summaries, tasks  # noqa: F401  (value exports, the roll-up table, the import task)
        from .demo import build_values_demo

        register_demo_builder("indicators.values", build_values_demo)

    @staticmethod
    def _ready_competitions():
        from vanguard.core.demo import register_demo_builder
        from vanguard.core.events import subscribe

        from .demo import build_competitions_demo
        from .events import INDICATOR_CLOSE, INDICATOR_VALUES_CHANGED
        from .services.standings import on_month_closed, on_values_changed

        # In the value write's transaction: the standings and red flags move with the values or not at all.
        subscribe(INDICATOR_VALUES_CHANGED, on_values_changed)
        # A closed month decides the red flags of the periods it ends.
        subscribe(INDICATOR_CLOSE, lambda change: on_month_closed(change.month))
        register_demo_builder("indicators.competitions", build_competitions_demo)

    @staticmethod
    def _ready_talent():
        from vanguard.core.badges import register_colours
        from vanguard.core.demo import register_demo_builder

        from . import demo
        from .choices import TALENT_COLOURS
        from .selectors import talent  # noqa: F401  (declares the talent exports)

        register_colours(TALENT_COLOURS)
        register_demo_builder("indicators.talent", demo.build_talent_demo)
