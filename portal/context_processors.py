def site(request):
    """What the shared header and footer of the public site need: menu, links, the EMC tracking code."""
    from django.conf import settings

    from . import selectors

    portal = getattr(request, "portal", None)
    return {
        "menu_categories": (lambda: selectors.menu_categories(portal)) if portal is not None else [],
        "public_service_url": settings.PUBLIC_SERVICE_URL,
        "emc_tracking_code": settings.EMC_TRACKING_CODE_HTML,
    }
