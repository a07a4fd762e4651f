"""The indicators app in the admin: the rules the office keeps as data (through the audited services)."""

# ---------------------------------------------------------------- indicators, targets and pledges

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
