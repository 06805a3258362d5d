"""Uploaded files: where they are stored (one folder per portal) and what they really are.

- `PortalUploadTo(folder, portal_path)` is the `upload_to` of every public file field: new files go to
  `p/<portal id>/<folder>/<name>` (docs/decisions/0203-per-portal-media-folders.md).
- `validate_upload` verifies files by their content, not their name: PDF, Office Open XML, OpenDocument,
  legacy Office (DOC/XLS), images.
- `VerifiedFileField` / `VerifiedImageField` are the only file fields the project's models may use (system check
  components.E010): each carries its allow-list (`kinds`), runs `validate_upload` as a model validator (so an
  admin form shows the Vietnamese message next to the field) and again whenever a file is written through the
  field, and stores the file under the extension of the kind detected from its bytes (`x.html` holding a PDF is
  stored as `x.pdf`). docs/decisions/0720-uploads-are-inert.md.
- `protected_storage` (PRIVATE_MEDIA_ROOT) holds editorial files that must not be public before publication
  (legal-document files, consultation drafts); they are served by `editorial.views.protected_file`.
"""

import os
import posixpath
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from .validators import MAX_IMAGE_BYTES, validate_image_file

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "odt": "ODT",
    "ods": "ODS",
    "doc": "DOC",
    "xls": "XLS",
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
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "odt", "ods"})
IMAGE_KINDS = frozenset({"jpeg", "png", "webp", "gif"})
# Files an editor attaches to legal documents and consultation drafts: the office formats agencies publish in.
EDITORIAL_DOCUMENT_KINDS = DOCUMENT_KINDS | {"doc", "xls"}
# The extension a stored file gets for each kind; the first one when the upload's own is not in the list.
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "odt": (".odt",),
    "ods": (".ods",),
    "doc": (".doc",),
    "xls": (".xls",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "webp": (".webp",),
    "gif": (".gif",),
}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_OLE2_SCAN = 8 * 1024 * 1024  # where the directory stream of a DOC/XLS is looked for
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


def _ole2_kind(file) -> str | None:
    """DOC or XLS: an OLE2 compound file whose directory names a WordDocument or a Workbook/Book stream."""
    file.seek(0)
    data = file.read(MAX_OLE2_SCAN)
    file.seek(0)
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return "xls"
    return None


def detect_kind(file) -> str | None:
    """The real kind of `file` from its bytes, or None when it is none of the accepted kinds."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(file)
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
    images_only = frozenset(allowed) <= IMAGE_KINDS  # an image field: the image messages
    if file.size is not None and file.size > max_bytes:
        if images_only:
            raise ValidationError(
                _("Ảnh quá lớn: tối đa %(mb)s MB."), params={"mb": max_bytes // (1024 * 1024)}, code="too_large"
            )
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB."),
            params={"name": getattr(file, "name", ""), "mb": round(max_bytes / (1024 * 1024), 1)},
            code="too_large",
        )
    if file.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), params={"name": getattr(file, "name", "")}, code="empty")
    kind = detect_kind(file)
    if kind is None or kind not in allowed:
        if images_only:  # SVG, HTML, a PDF named .png...
            raise ValidationError(_("Tệp tải lên không phải là ảnh hợp lệ."), code="bad_type")
        accepted = ", ".join(sorted(KIND_LABELS[k] for k in allowed))
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng. Chỉ nhận: %(accepted)s."),
            params={"name": getattr(file, "name", ""), "accepted": accepted},
            code="bad_type",
        )
    if kind in IMAGE_KINDS:
        validate_image_file(file)
    return kind


def name_for_kind(name, kind) -> str:
    """`name` with the extension of `kind`: the upload's own when it is one of the kind's (.jpeg stays .jpeg),
    else the kind's first (`x.html` holding a PDF becomes `x.pdf`)."""
    directory, base = posixpath.split((name or "").replace("\\", "/"))
    stem, extension = os.path.splitext(base)
    allowed = EXTENSIONS[kind]
    extension = extension.lower() if extension.lower() in allowed else allowed[0]
    return posixpath.join(directory, f"{stem or 'tep'}{extension}")


# --- The one path every uploaded file takes ----------------------------------------------------------------


@deconstructible(path="components.uploads.UploadCheck")
class UploadCheck:
    """Model validator of a verified field: the file's bytes are one of `kinds` and it is not too large.

    `max_bytes` is a number or the name of a setting (read at check time, so tests and deployments change it).
    A file already stored (unchanged in a form) is not read again.
    """

    def __init__(self, kinds, max_bytes):
        self.kinds = frozenset(kinds)
        self.max_bytes = max_bytes

    def limit(self) -> int:
        return getattr(settings, self.max_bytes) if isinstance(self.max_bytes, str) else int(self.max_bytes)

    def verify(self, file) -> str:
        """The detected kind, or a ValidationError in Vietnamese."""
        return validate_upload(file, allowed=self.kinds, max_bytes=self.limit())

    def __call__(self, value):
        if not value or getattr(value, "_committed", False):
            return
        self.verify(value)

    def __eq__(self, other):
        return isinstance(other, UploadCheck) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)

    def __hash__(self):
        return hash((self.kinds, self.max_bytes))


class VerifiedFieldFileMixin:
    """Whatever writes the file through its field (a form, `pre_save`, `field_file.save(name, content)`), the
    content is verified first and the name takes the extension of the detected kind."""

    def save(self, name, content, save=True):
        kind = self.field.upload_check.verify(content)
        super().save(name_for_kind(name, kind), content, save)


class VerifiedFieldFile(VerifiedFieldFileMixin, FieldFile):
    pass


class VerifiedImageFieldFile(VerifiedFieldFileMixin, ImageFieldFile):
    pass


class VerifiedFieldMixin:
    default_kinds = EDITORIAL_DOCUMENT_KINDS
    default_max_bytes = "EDITORIAL_DOCUMENT_MAX_BYTES"

    def __init__(self, *args, kinds=None, max_bytes=None, **kwargs):
        self.kinds = frozenset(kinds if kinds is not None else self.default_kinds)
        self.max_bytes = max_bytes if max_bytes is not None else self.default_max_bytes
        unknown = self.kinds - set(KIND_LABELS)
        if unknown:
            raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
        super().__init__(*args, **kwargs)

    @property
    def upload_check(self) -> UploadCheck:
        return UploadCheck(self.kinds, self.max_bytes)

    @property
    def validators(self):
        return [*super().validators, self.upload_check]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kinds"] = sorted(self.kinds)
        kwargs["max_bytes"] = self.max_bytes
        return name, path, args, kwargs


class VerifiedFileField(VerifiedFieldMixin, models.FileField):
    """A document (or image) field: `kinds` from KIND_LABELS, `max_bytes` a number or a setting's name."""

    attr_class = VerifiedFieldFile


class VerifiedImageField(VerifiedFieldMixin, models.ImageField):
    """An image field: JPEG/PNG/WebP/GIF verified by Pillow (no SVG, no HTML with an image header)."""

    attr_class = VerifiedImageFieldFile
    default_kinds = IMAGE_KINDS
    default_max_bytes = MAX_IMAGE_BYTES


class ProtectedStorage(LazyObject):
    """Editorial files that are not public before publication: under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT.

    Their URL is the checking view's (`editorial.views.protected_file`), never a /media/ one."""

    def _setup(self):
        self._wrapped = _ProtectedFileSystemStorage()


class PrivateFileSystemStorage(FileSystemStorage):
    """A storage in PRIVATE_MEDIA_ROOT, read at each use (a test or a deployment that changes it is followed)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class _ProtectedFileSystemStorage(PrivateFileSystemStorage):
    def url(self, name):
        from django.urls import reverse

        return reverse("protected_file", kwargs={"name": name})


protected_storage = ProtectedStorage()


def get_protected_storage():
    """`storage=` of the protected fields (a callable, so migrations do not record the path)."""
    return protected_storage


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
