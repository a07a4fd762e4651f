"""Roster import (Excel, all or nothing, with preview) and export of any filtered list."""

from django.http import HttpResponse


def person_export(request):
    return HttpResponse(status=501)


def roster_import_page(request):
    return HttpResponse(status=501)


def roster_template(request):
    return HttpResponse(status=501)
