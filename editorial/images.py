"""Images: verified, EXIF-free uploads; responsive renditions made by Celery; the editor's upload endpoint.

- `clean_image_upload(file)` verifies an upload (components.validators.validate_image_file: real image, size,
  pixel limit) and re-encodes it without EXIF/XMP (GPS included), applying the EXIF orientation first.
- Every Article save goes through `clean_featured_image` (pre_save): a newly assigned featured image is cleaned
  before the storage writes it. `queue_featured_image_renditions` (post_save) queues `make_image_renditions`
  after commit whenever the stored featured image name changed.
- `make_renditions(name)` writes thumb/list/large (320/640/1280 px wide, never upscaled) as WebP plus a JPEG
  fallback (PNG when the source has transparency) under renditions/<hash>/ in the source's portal folder
  (p/<id>/renditions/<hash>/; older files: the top-level renditions/), and a manifest.json listing them.
- `rendition_urls(image, size)` reads the manifest and returns srcset strings; the original file is used while
  no rendition exists yet.
- `ckeditor_image_upload` replaces django-ckeditor-5's upload view at the same URL: staff only, images cleaned,
  stored in the folder of the editor's portal (`editor_upload_portal_id`).

See docs/decisions/0201-images-and-renditions.md and 0203-per-portal-media-folders.md.
"""

import hashlib
import io
import json
import logging
import os
import posixpath
import re

from celery import shared_task
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models.signals import post_init, post_save, pre_save
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ckeditor_5.storage_utils import get_django_storage
from django_ckeditor_5.widgets import CKEditor5Widget
from PIL import Image, ImageOps, UnidentifiedImageError

from components.uploads import IMAGE_KINDS, portal_file_name, portal_id_of_name, portal_media_prefix, validate_upload
from components.validators import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from editorial.models import Article

logger = logging.getLogger(__name__)

# name: target width in pixels. Renditions are never wider than the source.
RENDITION_SIZES = {"thumb": 320, "list": 640, "large": 1280}
# The `sizes` attribute for each display size: full width on narrow screens, the rendition width above.
DISPLAY_SIZES = {name: f"(max-width: {width}px) 100vw, {width}px" for name, width in RENDITION_SIZES.items()}
RENDITIONS_DIR = "renditions"
MANIFEST = "manifest.json"
WEBP_QUALITY = 80
JPEG_QUALITY = 82
UPLOAD_QUALITY = 90
EDITOR_UPLOAD_DIR = "uploads/editor/%Y/%m/"  # inside the portal's folder: p/<id>/uploads/editor/...
RENDITION_LOCK_SECONDS = 300

_EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",), "GIF": (".gif",)}
_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


# --- Verified uploads ----------------------------------------------------------------------------------


def clean_image_upload(file):
    """A verified copy of an uploaded image: EXIF/XMP removed, orientation applied, same format and stem.

    Raises ValidationError (Vietnamese message) for anything that is not a sane JPEG/PNG/GIF/WebP image.
    Animated GIF/WebP keep their first frame. The same check as every image field (components.uploads).
    """
    validate_upload(file, allowed=IMAGE_KINDS, max_bytes=MAX_IMAGE_BYTES)
    try:
        file.seek(0)
        with Image.open(file) as source:
            image_format = source.format
            source.seek(0)
            source.load()
            image = ImageOps.exif_transpose(source)
            data = _encode_clean(image, image_format, icc_profile=source.info.get("icc_profile"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp tải lên không phải là ảnh hợp lệ.")) from exc
    finally:
        file.seek(0)
    cleaned = SimpleUploadedFile(_clean_name(file.name, image_format), data, _CONTENT_TYPES[image_format])
    cleaned.exif_stripped = True
    return cleaned


def clean_image_form_value(value):
    """For a ModelForm's `clean_featured_image()`: clean a new upload, pass anything else (unchanged, cleared).

    The error then shows next to the field instead of surfacing from the model's pre_save hook.
    """
    if isinstance(value, UploadedFile):
        return clean_image_upload(value)
    return value


def _encode_clean(image, image_format, icc_profile=None):
    """Re-encode pixels only: no EXIF, XMP, comments or text chunks are carried over."""
    transparency = image.info.get("transparency")
    image.info = {}
    options = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=UPLOAD_QUALITY, optimize=True)
    elif image_format == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if _has_alpha(image, transparency) else "RGB")
        options.update(quality=UPLOAD_QUALITY)
    elif image_format in ("PNG", "GIF") and transparency is not None:
        options["transparency"] = transparency
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _clean_name(name, image_format):
    """Same stem as the upload; the extension follows the real format (a PNG named .jpg becomes .png)."""
    stem, extension = os.path.splitext(os.path.basename(name or "anh"))
    allowed = _EXTENSIONS[image_format]
    return f"{stem or 'anh'}{extension.lower() if extension.lower() in allowed else allowed[0]}"


@receiver(pre_save, sender=Article, dispatch_uid="editorial_images_clean_featured_image")
def clean_featured_image(sender, instance, raw=False, update_fields=None, **kwargs):
    """Every save path (admin, services, shell, seed) stores only a cleaned featured image."""
    if raw or "featured_image" not in instance.__dict__:
        return
    if update_fields is not None and "featured_image" not in update_fields:
        return
    clean_new_featured_image(instance)


def clean_new_featured_image(instance):
    """Replace a new, not yet stored featured image by its cleaned copy (no EXIF); anything else is left alone.

    Also called directly by editorial.services for an edit of live content, whose row is not saved.
    """
    if not isinstance(instance, Article) or "featured_image" not in instance.__dict__:
        return
    field_file = instance.featured_image
    if not field_file or field_file._committed:
        return
    if getattr(field_file.file, "exif_stripped", False):
        return
    instance.featured_image = clean_image_upload(field_file.file)


# --- Queueing renditions ---------------------------------------------------------------------------------


@receiver(post_init, sender=Article, dispatch_uid="editorial_images_remember_featured_image")
def remember_featured_image(sender, instance, **kwargs):
    # Read the raw attribute: a deferred field must not cost a query here.
    value = instance.__dict__.get("featured_image")
    instance._featured_image_saved = value if isinstance(value, str) else None


@receiver(post_save, sender=Article, dispatch_uid="editorial_images_queue_renditions")
def queue_featured_image_renditions(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    skipped = update_fields is not None and "featured_image" not in update_fields
    if skipped or "featured_image" not in instance.__dict__:
        return  # not saved, or deferred: unchanged, and reading it would cost a query
    name = instance.featured_image.name
    changed = name and (created or name != getattr(instance, "_featured_image_saved", None))
    instance._featured_image_saved = name or None
    if raw or not changed:
        return
    transaction.on_commit(lambda: make_image_renditions.delay(name), robust=True)


@shared_task(name="editorial.images.make_image_renditions", ignore_result=False)
def make_image_renditions(name):
    """Make the renditions of one stored image; safe to run twice (existing files are kept).

    A short cache lock keeps two workers from encoding the same image at once; the loser returns {} and the
    winner's manifest serves both.
    """
    lock = f"editorial:renditions:{rendition_dir(name)}"
    if not cache.add(lock, "1", timeout=RENDITION_LOCK_SECONDS):
        logger.info("Renditions of %s are being made by another worker", name)
        return {}
    try:
        return make_renditions(name)
    except FileNotFoundError:
        logger.warning("Image %s disappeared before its renditions were made", name)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        logger.exception("Image %s cannot be read; no renditions made", name)
    finally:
        cache.delete(lock)
    return {}


# --- Renditions ------------------------------------------------------------------------------------------


def rendition_dir(name):
    """renditions/<hash>/ inside the source's portal folder (p/<id>/renditions/...); files stored before
    per-portal folders keep theirs at the top-level renditions/ (docs/decisions/0203)."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
    portal_id = portal_id_of_name(name)
    if portal_id is None:
        return posixpath.join(RENDITIONS_DIR, digest)
    return posixpath.join(portal_media_prefix(portal_id), RENDITIONS_DIR, digest)


def read_manifest(name):
    """The manifest written by make_renditions, or None when renditions do not exist (yet)."""
    try:
        with default_storage.open(posixpath.join(rendition_dir(name), MANIFEST), "rb") as handle:
            manifest = json.loads(handle.read().decode("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return manifest if manifest.get("source") == name else None


def make_renditions(name):
    """Write missing renditions of the stored image `name`; return the manifest.

    Manifest: {"source", "alpha", "made_at", "renditions": {size: {"width", "height", "webp",
    "fallback", "fallback_type"}}}, paths relative to the storage. Existing files are not rewritten.
    """
    manifest = read_manifest(name)
    if manifest and all(
        default_storage.exists(item[key]) for item in manifest["renditions"].values() for key in ("webp", "fallback")
    ):
        return manifest

    directory = rendition_dir(name)
    with default_storage.open(name, "rb") as handle, Image.open(handle) as source:
        width, height = source.size
        if width * height > MAX_IMAGE_PIXELS:
            raise ValueError(f"{name}: {width}x{height} exceeds the pixel limit")
        source.draft("RGB", (max(RENDITION_SIZES.values()),) * 2)
        source.seek(0)
        source.load()
        image = ImageOps.exif_transpose(source)
    alpha = _has_alpha(image, image.info.get("transparency"))
    image = image.convert("RGBA" if alpha else "RGB")
    width, height = image.size
    fallback_ext, fallback_format = ("png", "PNG") if alpha else ("jpg", "JPEG")

    renditions = {}
    for size, target in RENDITION_SIZES.items():
        rendition_width = min(target, width)
        rendition_height = max(1, round(height * rendition_width / width))
        resized = None
        paths = {}
        for key, extension, image_format in (("webp", "webp", "WEBP"), ("fallback", fallback_ext, fallback_format)):
            path = posixpath.join(directory, f"{size}.{extension}")
            if not default_storage.exists(path):
                if resized is None:
                    resized = (
                        image.resize((rendition_width, rendition_height), Image.Resampling.LANCZOS)
                        if rendition_width < width
                        else image
                    )
                path = default_storage.save(path, ContentFile(_encode_rendition(resized, image_format)))
            paths[key] = path
        renditions[size] = {
            "width": rendition_width,
            "height": rendition_height,
            "webp": paths["webp"],
            "fallback": paths["fallback"],
            "fallback_type": "image/png" if alpha else "image/jpeg",
        }

    manifest = {
        "source": name,
        "alpha": alpha,
        "renditions": renditions,
        "made_at": timezone.now().isoformat(),
    }
    manifest_path = posixpath.join(directory, MANIFEST)
    if default_storage.exists(manifest_path):
        default_storage.delete(manifest_path)
    default_storage.save(manifest_path, ContentFile(json.dumps(manifest, ensure_ascii=False).encode("utf-8")))
    return manifest


def _has_alpha(image, transparency=None):
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and transparency is not None):
        return image.convert("RGBA").getchannel("A").getextrema()[0] < 255
    return False


def _encode_rendition(image, image_format):
    buffer = io.BytesIO()
    if image_format == "WEBP":
        image.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    elif image_format == "JPEG":
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def rendition_urls(image_field_file, size):
    """srcset data for showing `image_field_file` at display size `size` (thumb, list or large).

    Returns {"webp": srcset or "", "fallback": srcset or "", "src", "width", "height", "sizes",
    "has_renditions"}; without renditions, src is the original file and both srcsets are empty.
    """
    if size not in RENDITION_SIZES:
        raise ValueError(f"Unknown rendition size {size!r}; use one of {', '.join(RENDITION_SIZES)}")
    name = getattr(image_field_file, "name", "") or ""
    if not name:
        return {}
    manifest = read_manifest(name)
    if not manifest or size not in manifest.get("renditions", {}):
        width, height = _original_dimensions(image_field_file)
        return {
            "webp": "",
            "fallback": "",
            "src": image_field_file.url,
            "width": width,
            "height": height,
            "sizes": DISPLAY_SIZES[size],
            "has_renditions": False,
        }
    renditions = manifest["renditions"]
    by_width = {}
    for item in sorted(renditions.values(), key=lambda item: item["width"]):
        by_width.setdefault(item["width"], item)  # small sources: several sizes share one width
    chosen = renditions[size]
    return {
        "webp": ", ".join(f"{default_storage.url(item['webp'])} {w}w" for w, item in by_width.items()),
        "fallback": ", ".join(f"{default_storage.url(item['fallback'])} {w}w" for w, item in by_width.items()),
        "src": default_storage.url(chosen["fallback"]),
        "width": chosen["width"],
        "height": chosen["height"],
        "sizes": DISPLAY_SIZES[size],
        "has_renditions": True,
    }


def _original_dimensions(image_field_file):
    try:
        return image_field_file.width, image_field_file.height
    except (AttributeError, FileNotFoundError, OSError, ValueError, TypeError):
        return None, None


# --- CKEditor 5 image upload -------------------------------------------------------------------------------


_UPLOAD_URL_ATTRIBUTE = re.compile(r'data-upload-url="([^"?]*)"')


class PortalImageUploadWidget(CKEditor5Widget):
    """The editor widget of one portal's content: body images are posted with ?portal=<id> and land in that
    portal's folder, whichever address the admin is opened at (the view still checks the user's roles)."""

    def __init__(self, *args, upload_portal_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_portal_id = upload_portal_id

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.upload_portal_id is None:
            return html
        portal_id = int(self.upload_portal_id)
        return mark_safe(_UPLOAD_URL_ATTRIBUTE.sub(rf'data-upload-url="\1?portal={portal_id}"', html, count=1))


class UploadPortalError(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def editor_upload_portal_id(request):
    """The portal whose folder an editor's body image goes to (docs/decisions/0203).

    In order: the `portal` the editor form names (POST or query string), which must be one of the user's portals;
    the portal of the address the admin is opened at (request.portal), if the user works there; the user's only
    portal. Anything else is refused rather than guessed.
    """
    from components.models import Portal
    from components.permissions import portal_ids_for
    from components.selectors import sees_all_portals

    user = request.user
    allowed = None if sees_all_portals(user) else portal_ids_for(user)
    asked = request.POST.get("portal") or request.GET.get("portal")
    if asked:
        if not asked.isdigit() or (allowed is not None and int(asked) not in allowed):
            raise UploadPortalError(_("Bạn không có quyền tải ảnh lên cổng này."), 403)
        if allowed is None and not Portal.objects.filter(pk=int(asked)).exists():
            raise UploadPortalError(_("Bạn không có quyền tải ảnh lên cổng này."), 403)
        return int(asked)
    current = getattr(request, "portal", None)
    if current is not None and (allowed is None or current.pk in allowed):
        return current.pk
    if allowed and len(allowed) == 1:
        return next(iter(allowed))
    raise UploadPortalError(
        _("Không xác định được cổng của ảnh: hãy mở trang quản trị tại địa chỉ của cổng đang biên tập."), 400
    )


@require_POST
def ckeditor_image_upload(request):
    """Registered at /ckeditor5/image_upload/ before django-ckeditor-5's own view (same URL, same JSON).

    The image is stored in the folder of the portal the editor works in: p/<id>/uploads/editor/YYYY/MM/.
    """
    from components.permissions import portal_ids_for

    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return JsonResponse({"error": {"message": _("Chỉ cán bộ biên tập được tải ảnh lên.")}}, status=403)
    if not (user.is_superuser or portal_ids_for(user)):
        # Staff without a board role on any portal have no content to put an image in (docs/decisions/0410).
        return JsonResponse({"error": {"message": _("Chỉ cán bộ biên tập được tải ảnh lên.")}}, status=403)
    try:
        portal_id = editor_upload_portal_id(request)
    except UploadPortalError as exc:
        return JsonResponse({"error": {"message": exc.message}}, status=exc.status)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Chưa chọn tệp ảnh.")}}, status=400)
    try:
        cleaned = clean_image_upload(upload)
    except ValidationError as exc:
        return JsonResponse({"error": {"message": exc.messages[0]}}, status=400)
    storage = get_django_storage()
    stored = storage.save(portal_file_name(portal_id, EDITOR_UPLOAD_DIR, cleaned.name), cleaned)
    return JsonResponse({"url": storage.url(stored)})
