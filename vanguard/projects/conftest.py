from django.conf import settings

# The app's tests run once it is installed.
collect_ignore_glob = [] if "vanguard.projects" in settings.INSTALLED_APPS else ["tests/*"]
