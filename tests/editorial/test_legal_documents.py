"""Legal documents in the admin: attachments verified by content, amend/replace links, same workflow."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.editorial import minimal_pdf
from editorial.models import LegalDocument, State
from tests.editorial.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db


def form(board, **extra):
    data = {
        "portal": board.portal.pk,
        "language": "vi",
        "number": "25/2026/QĐ-UBND",
        "doc_type": "quyet-dinh",
        "issuing_body": "Ủy ban nhân dân tỉnh Cà Mau",
        "signer": "Lâm Văn Bi",
        "issued_on": "2026-03-02",
        "validity": "in_force",
        "title": "Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh Cà Mau",
        "slug": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_contributor_adds_a_document_with_a_real_pdf(client, board):
    client.force_login(board.contributor)
    pdf = SimpleUploadedFile("quyet-dinh.pdf", minimal_pdf("25/2026/QĐ-UBND"), content_type="application/pdf")
    response = client.post(
        reverse("admin:editorial_legaldocument_add"), form(board, **{"files-0-file": pdf, "files-0-title": "Toàn văn"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = LegalDocument.objects.get(number="25/2026/QĐ-UBND")
    attachment = document.files.get()
    assert attachment.content_type == "application/pdf" and attachment.size > 0
    assert document.state == State.DRAFT and document.created_by == board.contributor


def test_a_file_pretending_to_be_a_pdf_is_refused_next_to_the_field(client, board):
    client.force_login(board.contributor)
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("admin:editorial_legaldocument_add"), form(board, **{"files-0-file": fake}))
    assert response.status_code == 200
    assert "không đúng định dạng" in response.content.decode()
    assert "Ban hành Quy chế hoạt động" in response.content.decode()  # what was typed is still there
    assert not LegalDocument.objects.exists()


def test_too_large_file_is_refused(client, board, settings):
    settings.EDITORIAL_DOCUMENT_MAX_BYTES = 100
    client.force_login(board.contributor)
    pdf = SimpleUploadedFile("lon.pdf", minimal_pdf("x") + b" " * 200, content_type="application/pdf")
    response = client.post(
        reverse("admin:editorial_legaldocument_add"), form(board, **{"files-0-file": pdf, "files-0-title": "Toàn văn"})
    )
    assert response.status_code == 200 and "quá lớn" in response.content.decode()


def test_replaces_and_amends_links(client, board):
    old = LegalDocumentFactory(portal=board.portal, number="12/2020/QĐ-UBND", created_by=board.contributor)
    client.force_login(board.contributor)
    response = client.post(reverse("admin:editorial_legaldocument_add"), form(board, replaces=[old.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    new = LegalDocument.objects.get(number="25/2026/QĐ-UBND")
    assert list(new.replaces.all()) == [old] and list(old.replaced_by.all()) == [new]


def test_member_reviews_legal_documents_of_the_portal_and_sees_the_buttons(client, board):
    document = LegalDocumentFactory(portal=board.portal, created_by=board.contributor, state=State.SUBMITTED)
    client.force_login(board.member)
    response = client.get(reverse("admin:editorial_legaldocument_change", args=[document.pk]))
    assert response.status_code == 200 and 'data-step="forward"' in response.content.decode()


def test_publishing_a_replacing_document_marks_the_old_one_replaced(board):
    from editorial import services

    old = LegalDocumentFactory(portal=board.portal, number="12/2020/QĐ-UBND", state=State.PUBLISHED)
    amended = LegalDocumentFactory(portal=board.portal, number="08/2025/QĐ-UBND", state=State.PUBLISHED)
    new = LegalDocumentFactory(portal=board.portal, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    new.replaces.add(old)
    new.amends.add(amended)
    assert old.validity == "in_force"
    services.approve(obj=new, user=board.chief)
    old.refresh_from_db()
    amended.refresh_from_db()
    assert (old.validity, amended.validity) == ("replaced", "amended")
