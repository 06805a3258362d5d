"""seed_demo gives the public pages leaders, this week's schedule and consultations to show."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_leaders_schedule_and_consultations_appear_on_the_pages(client, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo")
    leaders = client.get("/gioi-thieu/lanh-dao/").content.decode()
    assert "Nguyễn Văn Minh" in leaders and "Chủ tịch UBND tỉnh" in leaders and 'loading="lazy"' in leaders
    assert "Người phát ngôn" in client.get("/gioi-thieu/").content.decode()
    assert "Họp giao ban Thường trực UBND tỉnh" in client.get("/lich-cong-tac/").content.decode()
    drafts = client.get("/du-thao/").content.decode()
    assert "chuyển đổi số cấp xã" in drafts and "Đang lấy ý kiến" in drafts and "Đã hết hạn góp ý" in drafts
    from editorial.models import ConsultationDraft

    open_draft = ConsultationDraft.objects.get(slug="du-thao-nghi-quyet-ho-tro-chuyen-doi-so")
    page = client.get(open_draft.get_absolute_url()).content.decode()
    assert "Nguyễn Thị Lan" in page and "Góp ý đang chờ kiểm duyệt." not in page and 'name="body"' in page
    assert "Nguyen Van Minh" in client.get("/en/gioi-thieu/lanh-dao/").content.decode()


def test_demo_leaders_schedule_and_drafts_are_published_and_run_in_the_workflow_admin(client, settings, tmp_path):
    from components.models import Membership
    from editorial.models import ConsultationDraft, Leader, WorkScheduleEntry

    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo")
    call_command("seed_demo")
    settings.DEBUG = False
    for model in (Leader, WorkScheduleEntry, ConsultationDraft):
        assert model.objects.exists() and not model.objects.exclude(state="published").exists(), model
    leader = Leader.objects.get(full_name="Nguyễn Văn Minh")
    chief = Membership.objects.filter(portal=leader.portal, role="chief").first().user
    client.force_login(chief)
    page = client.get(f"/admin/editorial/leader/{leader.pk}/change/").content.decode()
    assert 'data-step="unpublish"' in page and "workflow-history" in page


def test_the_demo_homes_questions_and_schedule_are_found_by_search(client, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo")
    fees = client.get("/tim-kiem/", {"q": "học phí"}).content.decode()
    assert "Miễn <mark>học</mark> <mark>phí</mark> <mark>học</mark> sinh trung <mark>học</mark>" in fees
    assert "Hỏi đáp" in fees and "Ngày trả lời" in fees
    citizens = client.get("/tim-kiem/", {"q": "tiep cong dan"}).content.decode()
    assert "<mark>Tiếp</mark> <mark>công</mark> <mark>dân</mark> định kỳ" in citizens and "Lịch công tác" in citizens
    typing = client.get("/tim-kiem/", {"q": "hoc ph", "loai": "hoi-dap"}).content.decode()
    assert "Miễn <mark>học</mark> <mark>ph</mark>í" in typing
