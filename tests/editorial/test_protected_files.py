"""Legal-document files and consultation drafts: verified, stored under the detected kind's extension, outside
MEDIA_ROOT, and served only once their item is published (before that to staff who may see it). Decision 0720."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from editorial import services
from editorial.models import ConsultationDraft, LegalDocumentFile, State
from tests.editorial.factories import LegalDocumentFactory
from tests.editorial.test_public_types import draft_data
from tests.portal.factories import ConsultationDraftFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SCRIPTED_PDF = b"%PDF-1.4\n<script>fetch('/admin/auth/user/').then(r => r.text()).then(alert)</script>\n"


def pdf_named_html():
    return SimpleUploadedFile("x.html", SCRIPTED_PDF, content_type="text/html")


def body(response):
    return b"".join(response.streaming_content)


def unpublished_draft(board, **extra):
    return ConsultationDraftFactory(
        portal=board.portal,
        created_by=board.contributor,
        state=State.AWAITING_APPROVAL,
        published_at=None,
        file=pdf_named_html(),
        **extra,
    )


def assert_inert_download(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_unpublished_drafts_file_is_not_reachable_anonymously_until_approval(board, media_root, settings):
    draft = unpublished_draft(board)
    name = draft.file.name
    assert name.endswith("/x.pdf")  # the stored name follows the bytes, not the upload's name
    assert not (media_root / name).exists() and (media_root.parent / "private" / name).exists()
    url = draft.file.url
    assert url == f"/tep/{name}" and not url.startswith(settings.MEDIA_URL)
    assert Client().get(url).status_code == 404
    assert Client().get(f"{settings.MEDIA_URL}{name}").status_code == 404

    services.approve(obj=draft, user=board.chief)
    response = Client().get(url)
    assert_inert_download(response)
    assert body(response) == SCRIPTED_PDF
    page = Client().get(draft.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page


def test_staff_who_may_see_the_draft_download_it_before_publication(board, other_board):
    draft = unpublished_draft(board)
    author = Client()
    author.force_login(board.contributor)
    response = author.get(draft.file.url)
    assert_inert_download(response)
    assert "no-store" in response["Cache-Control"]
    stranger = Client()  # staff of another portal's board
    stranger.force_login(other_board.chief)
    assert stranger.get(draft.file.url).status_code == 404


def test_an_unpublished_legal_documents_file_is_private_until_the_document_is_published(board):
    document = LegalDocumentFactory(portal=board.portal, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    attachment = LegalDocumentFile.objects.create(document=document, file=pdf_named_html())
    url = attachment.file.url
    assert attachment.file.name.endswith(".pdf")
    assert Client().get(url).status_code == 404
    chief = Client()
    chief.force_login(board.chief)
    assert_inert_download(chief.get(url))
    services.approve(obj=document, user=board.chief)
    assert_inert_download(Client().get(url))


def test_a_file_named_only_by_a_pending_edit_is_for_the_board_only(board, other_board):
    from components.uploads import protected_storage

    name = protected_storage.save(f"p/{board.portal.pk}/drafts/2026/sua-doi.pdf", io.BytesIO(b"%PDF-1.7\n"))
    url = protected_storage.url(name)
    assert Client().get(url).status_code == 404
    member = Client()
    member.force_login(board.member)
    assert member.get(url).status_code == 200
    stranger = Client()
    stranger.force_login(other_board.chief)
    assert stranger.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["p/1/feedback/2026/01/don.pdf", "p/1/drafts/../feedback/don.pdf", "p/1/articles/2026/01/a.jpg"]
)
def test_the_view_serves_nothing_but_drafts_and_document_files(admin_client, name):
    assert admin_client.get(f"/tep/{name}").status_code == 404


def test_admin_refuses_a_bad_draft_file_in_vietnamese_and_keeps_the_form(client, board):
    client.force_login(board.contributor)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    data = {**draft_data(board.portal), "file": SimpleUploadedFile("du-thao.docx", buffer.getvalue())}
    response = client.post(reverse("admin:editorial_consultationdraft_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.errors) == {"file"}
    assert "không đúng định dạng" in form.errors["file"][0] and "PDF" in form.errors["file"][0]
    html = response.content.decode()
    assert "Dự thảo Nghị quyết hỗ trợ ngư dân vươn khơi" in html and "Sở Nông nghiệp và Môi trường" in html
    assert not ConsultationDraft.objects.exists()


def test_admin_stores_a_pdf_named_html_as_pdf(client, board):
    client.force_login(board.contributor)
    data = {**draft_data(board.portal), "file": pdf_named_html()}
    response = client.post(reverse("admin:editorial_consultationdraft_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ConsultationDraft.objects.get()
    assert draft.file.name.endswith("/x.pdf")
    assert Client().get(draft.file.url).status_code == 404  # a draft: not public


def test_files_stored_before_in_public_media_are_moved_and_renamed(board, media_root):
    """`manage.py secure_uploads`: existing drafts' and documents' files leave MEDIA_ROOT, names follow the bytes."""
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from components.uploads import protected_storage

    old = default_storage.save(f"p/{board.portal.pk}/drafts/2025/cu.html", io.BytesIO(SCRIPTED_PDF))
    draft = ConsultationDraftFactory(portal=board.portal, created_by=board.contributor)
    ConsultationDraft.objects.filter(pk=draft.pk).update(file=old)
    out = io.StringIO()
    call_command("secure_uploads", stdout=out)
    draft.refresh_from_db()
    assert draft.file.name == f"p/{board.portal.pk}/drafts/2025/cu.pdf"
    assert protected_storage.exists(draft.file.name) and not default_storage.exists(old)
    assert_inert_download(Client().get(draft.file.url))
    call_command("secure_uploads", stdout=io.StringIO())  # twice: nothing left to do
    draft.refresh_from_db()
    assert draft.file.name == f"p/{board.portal.pk}/drafts/2025/cu.pdf"


def test_a_new_file_in_an_edit_of_a_live_draft_stays_private_until_the_edit_is_approved(client, board):
    draft = ConsultationDraftFactory(
        portal=board.portal,
        created_by=board.contributor,
        title="Dự thảo Nghị quyết hỗ trợ ngư dân vươn khơi",
        file=SimpleUploadedFile("ban-dau.pdf", b"%PDF-1.7\nban dau\n"),
    )
    live_url = draft.file.url
    assert_inert_download(Client().get(live_url))
    client.force_login(board.contributor)
    data = {**draft_data(board.portal), "expected_version": draft.version, "file": pdf_named_html()}
    response = client.post(reverse("admin:editorial_consultationdraft_change", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    pending = draft.pending_revision.snapshot["file"]
    assert pending.endswith("/x.pdf") and draft.file.url == live_url
    pending_url = reverse("protected_file", kwargs={"name": pending})
    assert Client().get(pending_url).status_code == 404  # the edit is not public
    assert client.get(pending_url).status_code == 200  # its author sees it
    assert_inert_download(Client().get(live_url))  # the live file still is
    for role, step in [("contributor", "submit"), ("member", "forward"), ("secretary", "forward")]:
        services.transition(obj=draft, user=getattr(board, role), name=step)
    services.approve(obj=draft, user=board.chief)
    assert ConsultationDraft.objects.get(pk=draft.pk).file.name == pending
    assert body(Client().get(pending_url)) == SCRIPTED_PDF
    assert Client().get(live_url).status_code == 404  # the replaced file is no longer published
