"""Public views: thin, reading through selectors."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from components.selectors import component_directory

from .health import run_checks


def home(request):
    portal = request.portal
    directory = component_directory(portal) if portal else []
    return render(request, "portal/home.html", {"directory": directory})


@never_cache
def healthz(request):
    results = run_checks()
    status = 200 if all(value == "ok" for value in results.values()) else 503
    return JsonResponse(results, status=status)
