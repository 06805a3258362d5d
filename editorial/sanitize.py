"""HTML sanitising for rich text written in CKEditor (article bodies).

`sanitize_html` is an allow-list built on nh3 (ammonia + html5ever, the same HTML5 parsing algorithm browsers
use), followed by a few rules nh3 cannot express on its own (see docs/decisions/0200-html-sanitising.md):

- links: http, https, mailto, tel and relative URLs; `rel="noopener noreferrer"` only on external links;
- images: only from our MEDIA_URL (or its relative /media/ path); an image from anywhere else is dropped;
- images are lazy-loaded and decoded asynchronously;
- iframes: only https embeds from settings.EDITORIAL_IFRAME_HOSTS, sandboxed, lazy, with a title;
- no style attributes, no ids, no event handlers, no classes except CKEditor's figure classes.

The result is NFC (Vietnamese stored composed) and a fixed point: sanitising it again changes nothing.
"""

import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from django.conf import settings

DEFAULT_IFRAME_HOSTS = ("www.youtube.com", "youtube.com", "www.youtube-nocookie.com")

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "img",
    "figure",
    "figcaption",
    "hr",
    "code",
    "pre",
    "iframe",
}

# Removed together with everything inside them (not just the tag).
CONTENT_REMOVED_TAGS = {
    "script",
    "style",
    "template",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "title",
    "textarea",
    "select",
    "button",
    "head",
    "frameset",
    "frame",
}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "iframe": {"src", "width", "height", "title"},
}

# CKEditor 5 marks images and tables with these classes; the public stylesheet styles them.
ALLOWED_CLASSES = {
    "figure": {
        "image",
        "table",
        "image_resized",
        "image-style-side",
        "image-style-align-left",
        "image-style-align-center",
        "image-style-align-right",
        "image-style-block-align-left",
        "image-style-block-align-right",
    },
}

IFRAME_FORCED_ATTRIBUTES = {
    "sandbox": "allow-scripts allow-same-origin allow-presentation allow-popups",
    "loading": "lazy",
    "referrerpolicy": "strict-origin-when-cross-origin",
    "allowfullscreen": "",
}

# Images in bodies are below the fold: the browser fetches them when they are about to be seen.
IMG_FORCED_ATTRIBUTES = {"loading": "lazy", "decoding": "async"}

LINK_SCHEMES = {"http", "https", "mailto", "tel"}
EXTERNAL_REL = "noopener noreferrer"
IFRAME_DEFAULT_TITLE = "Video nhúng"

_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\ufffd]+")  # U+FFFD: a NUL after parsing
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_DOT_SEGMENT = re.compile(r"(^|/)(\.|%2e){1,2}(/|$|\?|#)", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{1,5}$")
# In nh3's output, attribute values have <, >, & and " escaped, so a start tag is `<name` up to the next `>`.
_IMG_TAG = re.compile(r"<img\b([^>]*)>")
_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.DOTALL)
_A_TAG = re.compile(r"<a\b([^>]*)>")
_ATTR = re.compile(r'([a-z][a-z0-9_\-:]*)="([^"]*)"')
# ">" + U+0338 composes to "≯" under NFC, which would eat the end of a tag: keep the mark as a reference.
_COMPOSING_AFTER_TAG = re.compile(">\u0338")

MAX_PASSES = 4


def sanitize_html(value: str) -> str:
    """Clean editor HTML to the allow-list; the result is NFC and stable under another pass."""
    text = unicodedata.normalize("NFC", value or "")
    for _ in range(MAX_PASSES):
        cleaned = _sanitize_once(text)
        if cleaned == text:
            return cleaned
        text = cleaned
    # Input that keeps changing is hostile or broken beyond repair: keep only its text.
    return unicodedata.normalize("NFC", nh3.clean(text, tags=set(), clean_content_tags=CONTENT_REMOVED_TAGS))


def _sanitize_once(text: str) -> str:
    cleaned = _cleaner().clean(text)
    cleaned = _IFRAME.sub(_finish_iframe, cleaned)  # first: an iframe's raw text is gone before tags are matched
    cleaned = _IMG_TAG.sub(_keep_image_with_source, cleaned)
    cleaned = _A_TAG.sub(_mark_external_link, cleaned)
    cleaned = _COMPOSING_AFTER_TAG.sub(">&#x338;", cleaned)
    return unicodedata.normalize("NFC", cleaned)


_CLEANER = None


def _cleaner():
    global _CLEANER
    if _CLEANER is None:
        _CLEANER = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            clean_content_tags=CONTENT_REMOVED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=_filter_attribute,
            strip_comments=True,
            link_rel=None,
            url_schemes=LINK_SCHEMES,
            allowed_classes=ALLOWED_CLASSES,
        )
    return _CLEANER


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Per-attribute rules nh3 calls for every kept attribute (values arrive with entities decoded)."""
    if attribute in ("width", "height", "colspan", "rowspan", "start"):
        return value if _DIGITS.match(value.strip()) else None
    if tag == "a" and attribute == "href":
        return value if is_safe_link(value) else None
    if tag == "img" and attribute == "src":
        return value.strip() if is_media_url(value) else None
    if tag == "iframe" and attribute == "src":
        return value.strip() if is_allowed_embed(value) else None
    if attribute == "scope":
        return value if value in ("row", "col", "rowgroup", "colgroup") else None
    return value


def _compact(value: str) -> str:
    """The URL as a browser reads it: control characters and whitespace dropped, lower case."""
    return _CONTROL_AND_SPACE.sub("", value).lower()


def is_safe_link(value: str) -> bool:
    compact = _compact(value)
    if "\\" in compact:
        return False
    match = _SCHEME.match(compact)
    if match:
        return match.group(1) in LINK_SCHEMES
    # Relative ("/tin-tuc/", "#muc-1", "?trang=2") or protocol-relative ("//host/...") references.
    return not compact.startswith(":")


def is_media_url(value: str) -> bool:
    """True for files under our MEDIA_URL (absolute form) or its path (relative form), nothing else."""
    raw = value.strip()
    if not raw or _CONTROL_AND_SPACE.search(raw) or "\\" in raw or _DOT_SEGMENT.search(raw):
        return False
    media_url = settings.MEDIA_URL
    media_path = urlsplit(media_url).path
    if urlsplit(media_url).scheme and raw.startswith(media_url):
        return True
    return media_path.startswith("/") and raw.startswith(media_path) and not raw.startswith("//")


def is_allowed_embed(value: str) -> bool:
    raw = value.strip()
    if not raw or _CONTROL_AND_SPACE.search(raw) or "\\" in raw:
        return False
    parts = urlsplit(raw)
    hosts = {host.lower() for host in getattr(settings, "EDITORIAL_IFRAME_HOSTS", DEFAULT_IFRAME_HOSTS)}
    return (
        parts.scheme == "https"
        and (parts.hostname or "") in hosts
        and parts.port is None
        and parts.username is None
        and parts.path.startswith("/embed/")
        and not _DOT_SEGMENT.search(parts.path)
    )


def is_external_link(href: str) -> bool:
    compact = _compact(href)
    if compact.startswith("//"):
        host = urlsplit("http:" + compact).hostname or ""
    elif compact.startswith(("http:", "https:")):
        host = urlsplit(compact).hostname or ""
    else:
        return False  # relative, mailto:, tel:
    base = settings.PORTAL_BASE_DOMAIN.lower()
    return not (host == base or host.endswith("." + base))


def _attributes(tag_attributes: str) -> dict:
    return {name: html.unescape(value) for name, value in _ATTR.findall(tag_attributes)}


def _forced(attributes: dict) -> str:
    # Added here rather than with nh3's set_tag_attribute_values, whose order varies between processes.
    return "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())


def _keep_image_with_source(match: re.Match) -> str:
    """Drop an image whose source was refused; make the others lazy."""
    if "src" not in _attributes(match.group(1)):
        return ""
    return f"<img{match.group(1)}{_forced(IMG_FORCED_ATTRIBUTES)}>"


def _finish_iframe(match: re.Match) -> str:
    """Drop an iframe whose source was refused; otherwise keep it empty (its text is raw, never markup)."""
    tag_attributes = match.group(1)
    found = _attributes(tag_attributes)
    if "src" not in found:
        return ""
    if not found.get("title", "").strip():
        tag_attributes = re.sub(r'\s*title="[^"]*"', "", tag_attributes)
        tag_attributes += f' title="{html.escape(IFRAME_DEFAULT_TITLE)}"'
    return f"<iframe{tag_attributes}{_forced(IFRAME_FORCED_ATTRIBUTES)}></iframe>"


def _mark_external_link(match: re.Match) -> str:
    href = _attributes(match.group(1)).get("href")
    if href is None or not is_external_link(href):
        return match.group(0)
    return f'<a{match.group(1)} rel="{EXTERNAL_REL}">'
