"""What the indicators app puts on a user's home page (``core.home``): what falls due from them."""

# ---------------------------------------------------------------- indicators, values, targets and pledges

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
