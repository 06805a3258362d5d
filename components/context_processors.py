def portal(request):
    """The resolved portal and the provincial portal, for the shared header and footer."""
    current = getattr(request, "portal", None)
    if current is None:
        return {"portal": None, "province": None}
    province = current if current.parent_id is None else current.get_root()
    return {"portal": current, "province": province}
