"""Constants of the contributions app."""

# How a project names itself to campaigns (``TargetContribution.source``); its page is registered
# under the same name by the projects app.
PROJECT_SOURCE = "projects.project"

# Candidate targets offered on a project's page: enough for any branch, not a company's tree.
MAX_CANDIDATES = 100

# ---- suggestions
# How a suggestion names itself to campaigns; its page is registered under the same name by the voices app.
SUGGESTION_SOURCE = "voices.suggestion"
# ---- end suggestions
