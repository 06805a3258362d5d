from django.utils.functional import SimpleLazyObject

from .selectors import portal_menu, province_of


def portal(request):
    """The resolved portal, the provincial portal, and the portal's own menu (one query, run when used)."""
    current = getattr(request, "portal", None)
    if current is None:
        return {"portal": None, "province": None, "portal_menu": []}
    return {
        "portal": current,
        # Only the header and footer show it, and they are cached fragments: looked up when one is rendered.
        "province": current if current.parent_id is None else SimpleLazyObject(lambda: province_of(current)),
        # Only component portals add their own items to the shared menu (the province's menu is the shared one),
        # so the provincial pages, the busiest, spend no query on it.
        "portal_menu": SimpleLazyObject(lambda: portal_menu(current)) if current.parent_id else [],
    }
