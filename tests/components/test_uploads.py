import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import isolate_apps
from PIL import Image

from components.models import Portal
from components.uploads import (
    DOCUMENT_KINDS,
    EDITORIAL_DOCUMENT_KINDS,
    IMAGE_KINDS,
    OLE2_MAGIC,
    VerifiedFileField,
    VerifiedImageField,
    name_for_kind,
    validate_upload,
)


def make_zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("qd.pdf", b"%PDF-1.7\n1 0 obj\n", "pdf"),
        ("qd.docx", make_zip({"[Content_Types].xml": "x", "word/document.xml": "x"}), "docx"),
        ("bang.xlsx", make_zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x"}), "xlsx"),
        ("vb.odt", make_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "x"}), "odt"),
        ("anh.png", png_bytes(), "png"),
    ],
)
def test_real_files_are_accepted_and_recognised(name, data, kind):
    upload = SimpleUploadedFile(name, data)
    assert validate_upload(upload, allowed=DOCUMENT_KINDS | IMAGE_KINDS, max_bytes=10_000_000) == kind


def test_an_executable_renamed_to_pdf_is_refused_in_vietnamese():
    upload = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=10_000_000)
    assert "không đúng định dạng" in error.value.messages[0]
    assert "PDF" in error.value.messages[0]


def test_a_zip_that_is_not_an_office_document_is_refused():
    upload = SimpleUploadedFile("a.docx", make_zip({"evil.sh": "rm -rf /"}))
    with pytest.raises(ValidationError):
        validate_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=10_000_000)


def test_a_file_over_the_limit_is_refused_with_the_limit_named():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2_000_000)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=1024 * 1024)
    assert "quá lớn" in error.value.messages[0] and "1.0 MB" in error.value.messages[0]


def test_an_image_kind_not_allowed_for_documents_is_refused():
    upload = SimpleUploadedFile("anh.pdf", png_bytes())
    with pytest.raises(ValidationError):
        validate_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=10_000_000)


# --- One path for every file field (docs/decisions/0720-uploads-are-inert.md) -----------------------------

SCRIPTED_PDF = b"%PDF-1.4\n<script>fetch('/admin/auth/user/').then(r => r.text()).then(alert)</script>\n"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
DOCX = make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def ole2(stream_name):
    """The start of a legacy Office file: the OLE2 signature and a directory entry naming its main stream."""
    return OLE2_MAGIC + b"\x00" * 504 + stream_name.encode("utf-16-le") + b"\x00" * 512


@pytest.mark.parametrize(
    ("name", "kind", "stored"),
    [
        ("x.html", "pdf", "x.pdf"),
        ("p/3/documents/2026/bao-cao.HTM", "pdf", "p/3/documents/2026/bao-cao.pdf"),
        ("anh.jpeg", "jpeg", "anh.jpeg"),
        ("anh.svg", "png", "anh.png"),
        ("bao-cao.docx", "docx", "bao-cao.docx"),
        ("khong-ten", "xlsx", "khong-ten.xlsx"),
    ],
)
def test_the_stored_name_takes_the_extension_of_the_detected_kind(name, kind, stored):
    assert name_for_kind(name, kind) == stored


def test_legacy_office_files_are_recognised_by_their_streams():
    assert validate_upload(SimpleUploadedFile("cv.doc", ole2("WordDocument")), **EDITORIAL) == "doc"
    assert validate_upload(SimpleUploadedFile("so-lieu.xls", ole2("Workbook")), **EDITORIAL) == "xls"
    with pytest.raises(ValidationError):  # an OLE2 file that is neither (an .msi, a .msg)
        validate_upload(SimpleUploadedFile("cv.doc", ole2("Property")), **EDITORIAL)


EDITORIAL = {"allowed": EDITORIAL_DOCUMENT_KINDS, "max_bytes": 10_000_000}


@pytest.mark.django_db
def test_a_pdf_named_html_is_stored_as_pdf_whoever_saves_it(settings, tmp_path):
    """The defect of issue #12: `%PDF-` + <script> named .html was stored as .html (and served as text/html)."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    from editorial.models import LegalDocumentFile
    from tests.editorial.factories import LegalDocumentFactory

    attachment = LegalDocumentFile.objects.create(
        document=LegalDocumentFactory(), file=SimpleUploadedFile("x.html", SCRIPTED_PDF, content_type="text/html")
    )
    assert attachment.file.name.endswith("/x.pdf")
    assert (tmp_path / attachment.file.name).read_bytes() == SCRIPTED_PDF  # still a PDF, served as one
    # Writing through the field directly takes the same path.
    attachment.file.save("y.htm", ContentFile(SCRIPTED_PDF, name="y.htm"))
    assert attachment.file.name.endswith("/y.pdf")
    with pytest.raises(ValidationError):
        attachment.file.save("z.pdf", ContentFile(b"<html><script>alert(1)</script></html>", name="z.pdf"))


@pytest.mark.django_db
def test_a_docx_is_accepted_and_stored_as_docx_and_a_plain_zip_named_docx_is_refused(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    from editorial.models import LegalDocumentFile
    from tests.editorial.factories import LegalDocumentFactory

    field = LegalDocumentFile._meta.get_field("file")
    attachment = LegalDocumentFile(
        document=LegalDocumentFactory(), file=SimpleUploadedFile("bao-cao.zip", DOCX, content_type="application/zip")
    )
    attachment.full_clean()
    attachment.save()
    assert attachment.file.name.endswith("/bao-cao.docx")
    zipped = SimpleUploadedFile("bao-cao.docx", make_zip({"bao-cao.txt": "x", "run.exe": "MZ"}))
    with pytest.raises(ValidationError) as error:
        field.upload_check.verify(zipped)
    assert "không đúng định dạng" in error.value.messages[0] and "DOCX" in error.value.messages[0]


@pytest.mark.django_db
def test_an_svg_with_a_script_is_refused_as_an_image_everywhere():
    from editorial.images import clean_image_upload
    from editorial.models import Article, Leader

    for model, field_name in [(Leader, "photo"), (Article, "featured_image"), (Portal, "logo"), (Portal, "banner")]:
        field = model._meta.get_field(field_name)
        with pytest.raises(ValidationError) as error:
            field.run_validators(_upload("anh.svg", SVG_WITH_SCRIPT))
        assert error.value.messages == ["Tệp tải lên không phải là ảnh hợp lệ."]
    with pytest.raises(ValidationError):  # the CKEditor upload view's cleaning
        clean_image_upload(_upload("anh.png", SVG_WITH_SCRIPT))


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/svg+xml")


def test_citizens_attachments_go_through_the_same_check():
    from feedback.models import Attachment
    from feedback.services import validate_attachment

    field = Attachment._meta.get_field("file")
    assert isinstance(field, VerifiedFileField) and field.kinds == {"pdf", "docx"} | IMAGE_KINDS
    assert validate_attachment(SimpleUploadedFile("don.html", SCRIPTED_PDF)) == "pdf"
    with pytest.raises(ValidationError):
        validate_attachment(SimpleUploadedFile("anh.svg", SVG_WITH_SCRIPT))
    with pytest.raises(ValidationError):  # a legacy Word file is not on the citizens' list
        validate_attachment(SimpleUploadedFile("don.doc", ole2("WordDocument")))


def test_every_file_field_of_the_project_is_verified():
    """The system check passes on the project, so every FileField/ImageField there is a verified one."""
    from components.checks import uploaded_files_are_verified

    assert uploaded_files_are_verified(None) == []
    from django.apps import apps

    verified = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, VerifiedFileField | VerifiedImageField)
    }
    assert {
        "editorial.LegalDocumentFile.file",
        "editorial.ConsultationDraft.file",
        "editorial.Article.featured_image",
        "editorial.Leader.photo",
        "feedback.Attachment.file",
        "components.Portal.logo",
    } <= verified


@isolate_apps("editorial")
def test_a_new_file_field_that_forgets_the_check_is_reported():
    from django.db import models

    from components.checks import unverified_file_fields

    class Brochure(models.Model):
        pdf = models.FileField(upload_to="brochures/")
        cover = models.ImageField(upload_to="brochures/")
        checked = VerifiedFileField(upload_to="brochures/")

        class Meta:
            app_label = "editorial"

        def __str__(self):
            return self.pdf.name

    assert [field.name for _model, field in unverified_file_fields([Brochure])] == ["pdf", "cover"]
