from rest_framework.routers import SimpleRouter

urlpatterns = []

# ---------------------------------------------------------------- indicators, targets and pledges
indicator_router = SimpleRouter()
urlpatterns += indicator_router.urls

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
