"""The evaluations app in the admin. Ballots are not registered: no one reads them, the administrator included."""

# ---- schemes
# ---- end schemes
# ---- results
# ---- end results
# ---- support
# ---- end support
