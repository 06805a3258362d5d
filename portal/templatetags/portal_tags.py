"""Template helpers of the public site: language links, cross-portal URLs, localised names."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: to the translation of this page when it exists, otherwise to that home page.

    Views of content pages put {language: url} in `alternates`; list pages exist in every language, so the
    same route is reversed in the other language.
    """
    request = context.get("request")
    alternates = context.get("alternates")
    current = translation.get_language()
    links = []
    for code, label in settings.LANGUAGES:
        url, exact = None, False
        if alternates is not None:
            url = alternates.get(code)
            exact = url is not None
        elif request is not None and getattr(request, "resolver_match", None) is not None:
            match = request.resolver_match
            try:
                with translation.override(code):
                    url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                exact = True
            except NoReverseMatch:
                url = None
        if url is None:
            with translation.override(code):
                url = reverse("home")
        links.append({"code": code, "label": label, "url": url, "exact": exact, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def content_url(context, obj):
    """URL of a content item, inside its own portal (news of component portals on the province's pages)."""
    request = context.get("request")
    return selectors.url_for(obj, getattr(request, "portal", None))


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def category_name(category):
    if category is None:
        return ""
    if translation.get_language() == "en" and category.name_en:
        return category.name_en
    return category.name


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """?trang=N keeping the other query parameters (filters, search words)."""
    querystring = context.get("querystring", "")
    return f"?{querystring + '&' if querystring else ''}trang={number}"


@register.simple_tag
def image_size(image):
    """(width, height) of an image file, or None when the file cannot be read (never breaks a page)."""
    try:
        return (image.width, image.height)
    except Exception:
        return None


@register.simple_tag(takes_context=True)
def dc_meta(context):
    """Complete Dublin Core / OpenGraph values: the view's `meta`, with the portal's identity as defaults."""
    request = context.get("request")
    portal = context.get("portal")
    meta = context.get("meta") or {}
    here = request.build_absolute_uri(request.path) if request is not None else ""
    portal_name = getattr(portal, "name", "") or ""
    owner = getattr(portal, "owner_name", "") or ""
    title = meta.get("title") or portal_name
    description = meta.get("description") or getattr(portal, "description", "") or title
    return {
        "title": title,
        "description": description,
        "creator": meta.get("creator") or owner,
        "publisher": meta.get("publisher") or owner,
        "date": meta.get("date"),
        "subject": meta.get("subject") or title,
        "source": meta.get("source") or portal_name,
        "identifier": context.get("canonical") or meta.get("identifier") or here,
        "language": translation.get_language(),
        "kind": meta.get("kind") or "website",
        "image": meta.get("image") or "",
        "site_name": portal_name,
    }


@register.filter
def iso(value):
    """Machine-readable date/time for <time datetime> and DC.date: seconds precision, local offset."""
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
