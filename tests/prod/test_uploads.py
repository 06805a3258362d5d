"""Uploaded files are inert on the production shape: stored under their real type, never served as a page."""

import datetime
import re

import pytest

from .citizen import admin_login, form_fields
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.prod

HOSTILE_PDF = b"%PDF-1.4\n<script>fetch('/admin/auth/user/').then(r => r.text()).then(alert)</script>\n"

# A published draft gets a file named .html that starts like a PDF, saved through the model field.
ATTACH = """
from django.core.files.base import ContentFile
from editorial.models import ConsultationDraft
draft = ConsultationDraft.objects.published().filter(portal__slug="camau").order_by("pk").first()
draft.file.save("bao-cao.html", ContentFile({content!r}), save=True)
print(draft.file.name, draft.file.url)
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


def test_an_editors_pdf_named_html_uploaded_in_the_admin_is_a_pdf_and_private_until_published(prod_stack):
    editor = prod_stack.session(client="198.51.100.60")
    admin_login(editor, "contributor.camau", DEMO_PASSWORD)
    add = "/admin/editorial/consultationdraft/add/"
    form = editor.get(add)
    assert form.status_code == 200
    portal = re.search(r'<option value="(\d+)">Cổng Thông tin điện tử tỉnh Cà Mau</option>', form.text).group(1)
    today = datetime.date.today()
    data = form_fields(form.text, "consultationdraft_form") | {
        "portal": portal,
        "title": "Dự thảo quy định về tệp đính kèm",
        "slug": "du-thao-tep-dinh-kem",
        "summary": "Tóm tắt dự thảo.",
        "body": "<p>Nội dung dự thảo.</p>",
        "drafting_agency": "Sở Tư pháp tỉnh Cà Mau",
        "starts_on": today.strftime("%d/%m/%Y"),
        "ends_on": (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
    }
    saved = editor.post(add, data=data, files={"file": ("ke-hoach.html", HOSTILE_PDF, "text/html")})
    assert saved.status_code == 200 and saved.url.endswith("/admin/editorial/consultationdraft/"), saved.url
    state, name, url = prod_stack.shell(
        "from editorial.models import ConsultationDraft as C; d = C.objects.get(slug='du-thao-tep-dinh-kem'); "
        "print(d.state, d.file.name, d.file.url)"
    ).split()
    assert state == "draft" and re.search(r"/ke-hoach[^/]*\.pdf$", name), name
    assert not list((prod_stack.directory / "media").rglob("ke-hoach*")), "a draft's file is under public media"
    assert prod_stack.get(url).status_code == 404  # not public before publication
    own = editor.get(url)  # its editor downloads it, as a PDF, never a page
    assert own.status_code == 200
    assert own.headers["Content-Type"] == "application/pdf"
    assert own.headers["Content-Disposition"].startswith("attachment")
    _inert(own)
