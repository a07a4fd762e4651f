urlpatterns = []

# ---------------------------------------------------------------- indicators, targets and pledges

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
