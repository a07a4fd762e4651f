"""Demo data of the indicators app, built in bulk (no per-row services): registered in ``apps.py`` in the
order they depend on each other (values, then competitions scored from them, then talent)."""

# ---------------------------------------------------------------- indicators, values, targets and pledges


# ---- competitions
def build_competitions_demo(size, stdout=None, today=None):
    from .competitions_demo import build

    build(size, stdout=stdout, today=today)


# ---- end competitions

# ---- talent
# ---- end talent
