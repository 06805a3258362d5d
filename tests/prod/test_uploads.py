"""Uploaded files are inert on the production shape: stored under their real type, never served as a page."""

import pytest

pytestmark = pytest.mark.prod

HOSTILE_PDF = b"%PDF-1.4\n<script>fetch('/admin/auth/user/').then(r => r.text()).then(alert)</script>\n"

# An editor attaches a file named .html that starts like a PDF, as the admin's form saves it (through the field).
ATTACH = """
from django.core.files.base import ContentFile
from editorial.models import ConsultationDraft
draft = ConsultationDraft.objects.published().filter(portal__slug="camau").order_by("pk").first()
draft.file.save("bao-cao.html", ContentFile({content!r}), save=True)
print(draft.file.name, draft.file.url)
"""
# A copy of a published draft that is not published yet, with its own file.
UNPUBLISHED = """
from django.core.files.base import ContentFile
from editorial.models import ConsultationDraft
draft = ConsultationDraft.objects.published().filter(portal__slug="camau").order_by("pk").first()
draft.pk = draft.id = draft.published_at = draft.pending_revision = None
draft.state, draft.slug = "draft", "ban-nhap-chua-cong-bo"
draft.save()
draft.file.save("nhap.pdf", ContentFile(b"%PDF-1.4 ban nhap"), save=True)
print(draft.file.url)
"""


def _inert(response):
    assert "html" not in response.headers.get("Content-Type", "")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.headers.get("Content-Security-Policy", "")


def test_a_pdf_named_html_is_stored_as_pdf_and_downloaded_never_shown(prod_stack):
    name, url = prod_stack.shell(ATTACH.format(content=HOSTILE_PDF)).split()
    assert name.endswith(".pdf")
    response = prod_stack.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    _inert(response)


def test_nginx_never_serves_media_as_a_page_whatever_lands_there(prod_stack):
    media = prod_stack.directory / "media" / "p" / "1"
    media.mkdir(parents=True, exist_ok=True)
    for name in ("x.html", "x.svg", "x.js", "x.xml"):
        (media / name).write_bytes(b"<script>alert(1)</script>")
        assert prod_stack.get(f"/media/p/1/{name}").status_code == 403, name
    (media / "x.pdf").write_bytes(HOSTILE_PDF)
    (media / "x.txt").write_bytes(b"<html><script>alert(1)</script>")
    for name in ("x.pdf", "x.txt"):
        response = prod_stack.get(f"/media/p/1/{name}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == "attachment"
        _inert(response)


def test_an_unpublished_drafts_file_is_not_public(prod_stack):
    url = prod_stack.shell(UNPUBLISHED)
    assert prod_stack.get(url).status_code == 404
    media = prod_stack.directory / "media"
    assert not list(media.rglob("nhap*")), "the draft's file is under the public media directory"
