"""Files of a legal document: with the document until it is live; on a live one only the approver changes them,
at once, audited, and the public page shows the change on the next request (docs/decisions/0103)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.editorial import minimal_pdf
from editorial import policy
from editorial.exceptions import EditorialPermissionDenied
from editorial.models import AuditEvent, LegalDocumentFile, State
from tests.editorial.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db


def change_url(document):
    return reverse("admin:editorial_legaldocument_change", args=[document.pk])


def form(document, **extra):
    data = {
        "portal": document.portal_id,
        "language": document.language,
        "number": document.number,
        "doc_type": document.doc_type,
        "issuing_body": document.issuing_body,
        "signer": document.signer,
        "issued_on": document.issued_on.isoformat(),
        "effective_on": "",
        "validity": document.validity,
        "field": document.field,
        "title": document.title,
        "slug": document.slug,
        "summary": document.summary,
        "expected_version": document.version,
        "go_live_at_0": "",
        "go_live_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def pdf(name="phu-luc.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("Phụ lục"), content_type="application/pdf")


@pytest.fixture
def published(board, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return LegalDocumentFactory(
        portal=board.portal,
        created_by=board.contributor,
        state=State.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )


def test_author_cannot_change_the_files_of_a_live_document(client, board, published):
    client.force_login(board.contributor)
    page = client.get(change_url(published)).content.decode()
    assert 'name="files-0-file"' not in page  # the inline is read-only
    response = client.post(change_url(published), form(published, **{"files-0-file": pdf(), "files-0-title": "X"}))
    assert response.status_code == 302
    assert not LegalDocumentFile.objects.exists()
    with pytest.raises(EditorialPermissionDenied):
        policy.check_change_attachments(board.contributor, published)


def test_chief_adds_a_file_to_a_live_document_and_citizens_see_it_at_once(
    client, board, published, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE = True
    citizen = Client()
    assert "Phụ lục kèm theo" not in citizen.get(published.get_absolute_url()).content.decode()
    assert citizen.get(published.get_absolute_url())["X-Page-Cache"] == "hit"
    client.force_login(board.chief)
    assert 'name="files-0-file"' in client.get(change_url(published)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(published), form(published, **{"files-0-file": pdf(), "files-0-title": "Phụ lục kèm theo"})
        )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.pending_revision_id is None and published.state == State.PUBLISHED  # no edit to approve
    page = citizen.get(published.get_absolute_url()).content.decode()
    assert "Phụ lục kèm theo" in page
    event = AuditEvent.objects.filter(object_id=published.pk, action=AuditEvent.Action.EDIT).get()
    assert event.actor == board.chief and "Phụ lục kèm theo" in event.comment


def test_chief_removes_a_file_from_a_live_document_audited(client, board, published):
    attachment = LegalDocumentFile.objects.create(document=published, file=pdf("cu.pdf"), title="Bản cũ")
    client.force_login(board.chief)
    data = form(
        published,
        **{
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "1",
            "files-0-id": attachment.pk,
            "files-0-document": published.pk,
            "files-0-title": "Bản cũ",
            "files-0-DELETE": "on",
        },
    )
    assert client.post(change_url(published), data).status_code == 302
    assert not LegalDocumentFile.objects.exists()
    assert "xóa “Bản cũ”" in AuditEvent.objects.get(object_id=published.pk, action="edit").comment


def test_author_changes_files_freely_while_the_document_is_a_draft(client, board, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    draft = LegalDocumentFactory(portal=board.portal, created_by=board.contributor)
    client.force_login(board.contributor)
    response = client.post(change_url(draft), form(draft, **{"files-0-file": pdf(), "files-0-title": "Toàn văn"}))
    assert response.status_code == 302
    assert LegalDocumentFile.objects.get().title == "Toàn văn"
    assert Client().get(draft.get_absolute_url()).status_code == 404  # still a draft: nothing public


def test_saving_a_live_document_unchanged_creates_no_pending_edit(client, board, published):
    client.force_login(board.contributor)
    assert client.post(change_url(published), form(published)).status_code == 302
    published.refresh_from_db()
    assert published.pending_revision_id is None and published.pending_state == ""
