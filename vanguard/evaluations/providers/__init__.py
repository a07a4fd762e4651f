"""The automatic sources of this app, one module per app they read (``sources.py`` is the registry).
Importing this package registers them (``apps.EvaluationsConfig._ready_sources``)."""

from . import campaigns, indicators, orglife, projects, voices  # noqa: F401
