"""The back office's header: "Quản trị Cổng TTĐT — <portal>" (issue #15, templates/admin/base_site.html)."""

from django import template

from components.roles import roles_of

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_portal_name(context) -> str:
    """The portal the signed-in user works on: their one board's portal, else the portal of the address they
    opened the admin on when they hold a role there; "" otherwise (several portals, or none)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    cached = getattr(request, "_admin_portal_name", None)
    if cached is not None:
        return cached
    from components.models import Portal

    ids = roles_of(user).member_portal_ids()
    current = getattr(request, "portal", None)
    name = ""
    if len(ids) == 1:
        name = Portal.objects.filter(pk=next(iter(ids))).values_list("name", flat=True).first() or ""
    elif current is not None and current.pk in ids:
        name = current.name
    request._admin_portal_name = name
    return name
