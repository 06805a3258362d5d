"""Uploaded files: where they are stored (one folder per portal) and what they really are.

- `PortalUploadTo(folder, portal_path)` is the `upload_to` of every public file field: new files go to
  `p/<portal id>/<folder>/<name>` (docs/decisions/0203-per-portal-media-folders.md).
- `validate_upload` verifies files by their content, not their name: PDF, Office Open XML, OpenDocument,
  images. Used by legal-document attachments (editorial) and citizens' attachments (feedback).
"""

import posixpath
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .validators import validate_image_file

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "odt": "ODT",
    "ods": "ODS",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "gif": "GIF",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "odt", "ods"})
IMAGE_KINDS = frozenset({"jpeg", "png", "webp", "gif"})
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024  # zip bombs


def _read_head(file, size=16) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED:
                return None
            names = {i.filename for i in infos}
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "ignore").strip()
                return {CONTENT_TYPES["odt"]: "odt", CONTENT_TYPES["ods"]: "ods"}.get(mimetype)
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def detect_kind(file) -> str | None:
    """The real kind of `file` from its bytes, or None when it is none of the accepted kinds."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


def validate_upload(file, *, allowed: frozenset[str] | set[str], max_bytes: int) -> str:
    """Raise a ValidationError in Vietnamese unless `file` really is one of `allowed` and small enough.

    Returns the detected kind (e.g. "pdf").
    """
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB."),
            params={"name": getattr(file, "name", ""), "mb": round(max_bytes / (1024 * 1024), 1)},
            code="too_large",
        )
    if file.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), params={"name": getattr(file, "name", "")}, code="empty")
    kind = detect_kind(file)
    if kind is None or kind not in allowed:
        accepted = ", ".join(sorted(KIND_LABELS[k] for k in allowed))
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng. Chỉ nhận: %(accepted)s."),
            params={"name": getattr(file, "name", ""), "accepted": accepted},
            code="bad_type",
        )
    if kind in IMAGE_KINDS:
        validate_image_file(file)
    return kind


# --- Per-portal folders --------------------------------------------------------------------------------

PORTAL_MEDIA_DIR = "p"
# A portal not saved yet has no id: its logo/banner waits here until post_save moves it (relocate_new_portal_files).
NEW_PORTAL_DIR = "_new"
_PORTAL_NAME = re.compile(rf"^{PORTAL_MEDIA_DIR}/(?P<id>[0-9]+)/")


def portal_media_prefix(portal_id) -> str:
    """'p/<id>/': the folder holding every public file of one portal (uploads, body images, renditions)."""
    return f"{PORTAL_MEDIA_DIR}/{int(portal_id)}/"


def portal_id_of_name(name) -> int | None:
    """The portal id a stored file name belongs to, or None for files stored before per-portal folders."""
    match = _PORTAL_NAME.match(name or "")
    return int(match["id"]) if match else None


def portal_file_name(portal_id, folder, filename, now=None) -> str:
    """p/<id>/<folder with strftime codes>/<base name>; the base name only, so no path can leave the folder."""
    directory = (now or timezone.localtime()).strftime(folder)
    return posixpath.join(portal_media_prefix(portal_id), directory, posixpath.basename(filename.replace("\\", "/")))


@deconstructible(path="components.uploads.PortalUploadTo")
class PortalUploadTo:
    """`upload_to` for a file of one portal: `PortalUploadTo("articles/%Y/%m/", "portal_id")`.

    `portal_path` is a dotted attribute path from the instance to its portal id ("document.portal_id"; "pk" for
    the Portal itself). Content without a portal is refused before anything is written. The storage still
    sanitises the base name (get_valid_name) and makes it unique.
    """

    def __init__(self, folder, portal_path="portal_id"):
        self.folder = folder
        self.portal_path = portal_path

    def portal_id(self, instance):
        value = instance
        for attribute in self.portal_path.split("."):
            value = getattr(value, attribute, None)
            if value is None:
                return None
        return value

    def __call__(self, instance, filename):
        portal_id = self.portal_id(instance)
        if portal_id is None:
            if self.portal_path == "pk":  # a new Portal: moved under its id once saved
                directory = timezone.localtime().strftime(self.folder)
                return posixpath.join(PORTAL_MEDIA_DIR, NEW_PORTAL_DIR, directory, posixpath.basename(filename))
            raise ValueError(f"{type(instance).__name__} has no portal: its file cannot be stored")
        return portal_file_name(portal_id, self.folder, filename)

    def __eq__(self, other):
        return (
            isinstance(other, PortalUploadTo) and self.folder == other.folder and self.portal_path == other.portal_path
        )

    def __hash__(self):
        return hash((self.folder, self.portal_path))


def relocate_new_portal_files(portal, field_names=("logo", "banner")):
    """Move files a portal got before it had an id from p/_new/ to p/<id>/ (called after the first save)."""
    from .models import Portal

    moved = {}
    for field_name in field_names:
        field_file = getattr(portal, field_name)
        name = field_file.name or ""
        if not name.startswith(f"{PORTAL_MEDIA_DIR}/{NEW_PORTAL_DIR}/"):
            continue
        storage = field_file.storage
        target = posixpath.join(portal_media_prefix(portal.pk), name.split("/", 2)[2])
        with storage.open(name, "rb") as handle:
            stored = storage.save(target, handle)
        storage.delete(name)
        field_file.name = stored
        moved[field_name] = stored
    if moved:
        Portal.objects.filter(pk=portal.pk).update(**moved)
    return moved


def _walk(storage, path):
    """(name, size) of every file below `path` in `storage`."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # an empty installation has no media folder yet
        return
    for file_name in files:
        name = posixpath.join(path, file_name) if path else file_name
        yield name, storage.size(name)
    for directory in directories:
        yield from _walk(storage, posixpath.join(path, directory) if path else directory)


def media_usage(storage=None):
    """{portal id: (files, bytes)} of a storage; None collects files stored before per-portal folders and
    NEW_PORTAL_DIR files of a portal being created."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    usage = {}
    for name, size in _walk(storage, ""):
        key = portal_id_of_name(name)
        files, total = usage.get(key, (0, 0))
        usage[key] = (files + 1, total + size)
    return usage
