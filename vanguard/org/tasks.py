"""Background tasks of the org app (registered with ``core.tasks``)."""
