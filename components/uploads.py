"""Verify uploaded files by their content, not their name: PDF, Office Open XML, OpenDocument, images.

Used by legal-document attachments (editorial) and citizens' attachments (feedback).
"""

import zipfile

from django.core.exceptions import ValidationError
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
