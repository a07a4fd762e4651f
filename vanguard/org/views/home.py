"""The home page: the organisation at a glance (ECharts), scoped to the user."""

from django.shortcuts import render

from .. import selectors


def home(request):
    context = {"glance": selectors.org_at_a_glance(user=request.user)}
    return render(request, "org/home.html", context)
