"""A registry of demo-data builders, so ``seed_demo`` can build every app's demo without importing it.

An app registers ``builder(size, stdout=None, today=None)`` in its ``AppConfig.ready()``; the org
app's ``seed_demo`` calls them in registration order after the demo company exists. ``today`` is
the reference day the demo's meetings, reports and logs are dated from (default: today), so a
demo built with the same size and day is the same every time.
"""

import time

_builders = {}


def register_demo_builder(key, builder):
    _builders[key] = builder


def demo_builders():
    return list(_builders.items())


def build_registered_demos(size, stdout=None, today=None):
    from vanguard.core.summaries import rebuild_all

    for key, builder in demo_builders():
        started = time.monotonic()
        builder(size, stdout=stdout, today=today)
        if stdout is not None:  # each builder's time, so the slow one is found when the seed runs long
            stdout.write(f"  {key}:{time.monotonic() - started:.1f} 秒")
    # The builders load facts in bulk, past the services that keep the summary tables.
    started = time.monotonic()
    rebuild_all(stdout=stdout)
    if stdout is not None:
        stdout.write(f"  汇总表共用时 {time.monotonic() - started:.1f} 秒")
