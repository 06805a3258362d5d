import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from components.uploads import DOCUMENT_KINDS, IMAGE_KINDS, validate_upload


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
