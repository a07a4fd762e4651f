"""Named hooks, so a module can react to another's events without the other importing it.

The module where something happens names the event and calls ``run_hooks`` inside its
service's transaction (``run_hooks("project.accept", actor=…, project=…)``); a module to
its right registers a function in its ``AppConfig.ready()``. A hook that raises rolls the
whole service back, so both sides change together or not at all.

``collect_hooks`` asks the same way for contributions to something the earlier module builds
(rows of a Word document, say) and returns what the hooks answered.
"""

from collections import defaultdict

_hooks = defaultdict(list)


def register_hook(name, fn):
    if fn not in _hooks[name]:
        _hooks[name].append(fn)


def run_hooks(name, **kwargs):
    for fn in _hooks[name]:
        fn(**kwargs)


def collect_hooks(name, **kwargs):
    """The answers of the hooks registered under ``name``, leaving out those that had nothing (None)."""
    return [answer for answer in (fn(**kwargs) for fn in _hooks[name]) if answer is not None]
