"""Template helpers of the public site: language links, cross-portal URLs, localised names."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import selectors
from portal.fragments import fragment_key, local_data

register = template.Library()


class PortalCacheNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        request = context.get("request")
        portal = getattr(request, "portal", None) if request is not None else context.get("portal")
        if portal is None or portal != context.get("portal"):
            return self.nodelist.render(context)
        key = fragment_key(self.name, [v.resolve(context) for v in self.vary])
        return local_data(portal, key, lambda: mark_safe(self.nodelist.render(context)))


@register.tag
def portalcache(parser, token):
    """{% portalcache "name" [vary ...] %}…{% endportalcache %}: the rendered HTML, cached per portal generation.

    For the shared chrome (header, menu, footer) and blocks that change only with the portal's content. The
    enclosed HTML must be the same for every visitor: no {% csrf_token %}, no user, no request values other
    than the `vary` arguments (docs/decisions/0504-rendered-fragments.md).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("portalcache needs a fragment name")
    nodelist = parser.parse(("endportalcache",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return PortalCacheNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: to the translation of this page when it exists, otherwise to that home page.

    Views of content pages put {language: url} in `alternates`; list pages exist in every language, so the
    same route is reversed in the other language, with the page's query string (filters, page number).
    """
    request = context.get("request")
    alternates = context.get("alternates")
    current = translation.get_language()
    # The page's <head> and its header both ask: work them out once per request (two reverses per language).
    memo_key = (current, id(alternates), getattr(request, "path", None))
    memo = getattr(request, "_language_links", None) if request is not None else None
    if memo is not None and memo[0] == memo_key:
        return memo[1]
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
                if request.GET:  # the same list in the other language keeps its filters and page
                    url = f"{url}?{request.GET.urlencode()}"
            except NoReverseMatch:
                url = None
        if url is None:
            with translation.override(code):
                url = reverse("home")
        links.append({"code": code, "label": label, "url": url, "exact": exact, "current": code == current})
    if request is not None:
        request._language_links = (memo_key, links)
    return links


@register.simple_tag(takes_context=True)
def content_url(context, obj):
    """URL of a content item, inside its own portal (news of component portals on the province's pages)."""
    request = context.get("request")
    return selectors.url_for(obj, getattr(request, "portal", None))


@register.simple_tag(takes_context=True)
def news_item(context, item, with_image=False, with_summary=False, heading=3, show_portal=False):
    """One news item of a list: <article class="news-item"> with image, linked title, time, portal, summary.

    Written in Python (it was the include includes/article_item.html) because a list page rendered that include
    once per item, the largest share of the category page's time (bench/analysis.md §2); a featured image still
    goes through the picture template.
    """
    from django.template.defaultfilters import truncatewords
    from django.template.loader import render_to_string
    from django.utils import timezone
    from django.utils.html import escape
    from django.utils.translation import gettext

    request = context.get("request")
    has_image = bool(with_image and item.featured_image)
    level = 2 if heading == 2 else 3
    url = escape(selectors.url_for(item, getattr(request, "portal", None)))
    when, shown = "", ""
    if item.published_at is not None:  # as the |iso and |date:"d/m/Y H:i" filters print it, in local time
        local = timezone.localtime(item.published_at) if timezone.is_aware(item.published_at) else item.published_at
        when, shown = local.replace(microsecond=0).isoformat(), local.strftime("%d/%m/%Y %H:%M")
    parts = [f'<article class="news-item{" has-image" if has_image else ""}">']
    if has_image:
        picture = render_to_string(
            "editorial/includes/picture.html", {"image": item.featured_image, "size": "thumb", "alt": ""}
        )
        parts.append(f'<div class="news-image">{picture}</div>')
    title = escape(item.title)
    parts.append(f'<div class="news-text"><h{level} class="news-title"><a href="{url}">{title}</a></h{level}>')
    parts.append(f'<p class="news-meta"><time datetime="{when}">{shown}</time>')
    if show_portal:
        parts.append(f" · <span>{escape(item.portal.name)}</span>")
    if item.is_reference:
        parts.append(f' · <span class="label-reference">{escape(gettext("Tin tham khảo"))}</span>')
    parts.append("</p>")
    if with_summary and item.summary:
        parts.append(f'<p class="news-summary">{escape(truncatewords(item.summary, 40))}</p>')
    parts.append("</div></article>")
    return mark_safe("".join(parts))


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


@register.simple_tag
def static_text(path):
    """The text of one of our static files, inline: for an article saved to disk, which has no server to ask."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    found = finders.find(path)
    return mark_safe(Path(found).read_text(encoding="utf-8")) if found else ""  # our own file, not user input
