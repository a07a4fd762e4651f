"""A registry of demo-data builders, so ``seed_demo`` can build every app's demo without importing it.

An app registers ``builder(size, stdout=None)`` in its ``AppConfig.ready()``; the org
app's ``seed_demo`` calls them in registration order after the demo company exists.
"""

_builders = {}


def register_demo_builder(key, builder):
    _builders[key] = builder


def demo_builders():
    return list(_builders.items())


def build_registered_demos(size, stdout=None):
    for _key, builder in demo_builders():
        builder(size, stdout=stdout)
