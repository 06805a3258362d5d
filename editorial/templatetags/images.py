"""`{% rendition_set image size as r %}`: the data templates/editorial/includes/picture.html renders."""

from django import template

from editorial.images import rendition_urls

register = template.Library()


@register.simple_tag
def rendition_set(image, size="list"):
    """srcset data for an ImageField file (see editorial.images.rendition_urls); {} for an empty image."""
    if not image:
        return {}
    return rendition_urls(image, size)
