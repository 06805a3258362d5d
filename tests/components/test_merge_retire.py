"""Merging a portal into another (301s from every old address) and retiring one (archive notice)."""

import io

import pytest
from django.core.management import call_command

from components import merging
from components.models import Membership, MenuItem, Organization, Portal, PortalOperation, PortalRedirect, SecurityEvent
from components.services import PortalStructurePermissionDenied, portal_merge, portal_retire
from components.tasks import run_portal_operation
from tests.factories import OrganizationFactory, PortalFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tay(commune):
    old = PortalFactory(
        parent=commune.parent,
        slug="khanhbinhtay",
        short_name="khanhbinhtay",
        name="Xã Khánh Bình Tây",
        kind="commune",
        domain="khanhbinhtay.tranvanthoi.camau.gov.vn",
    )
    OrganizationFactory(portal=old, name="UBND xã Khánh Bình Tây", slug="ubnd-kbt")
    member_of(old, "chief", username="chief.khanhbinhtay")
    MenuItem.objects.create(portal=old, label="Bản tin ấp", url="/ban-tin/", order=1)
    return old


def test_preview_counts_what_each_mover_will_move(tay, commune):
    preview = dict(merging.merge_preview(source=tay, target=commune))
    assert preview["Cơ quan, đơn vị"] == 1
    assert preview["Vai trò trong Ban Biên tập"] == 1
    assert preview["Mục menu của cổng"] == 1
    assert Organization.objects.filter(portal=tay).count() == 1  # a preview moves nothing


def test_merge_moves_the_portals_objects_and_redirects_old_addresses(client, tay, commune, province_admin):
    counts = portal_merge(source=tay, target=commune, by=province_admin)
    assert counts["Cơ quan, đơn vị"] == 1
    tay.refresh_from_db()
    assert tay.status == "merged" and tay.merged_into == commune and tay.domain is None
    assert Organization.objects.get(slug="ubnd-kbt").portal == commune
    assert Membership.objects.get(user__username="chief.khanhbinhtay").portal == commune
    assert MenuItem.objects.get(label="Bản tin ấp").portal == commune

    by_domain = client.get("/tin-tuc/bai-viet/?trang=2", HTTP_HOST="khanhbinhtay.tranvanthoi.camau.gov.vn")
    assert by_domain.status_code == 301
    assert by_domain["Location"] == "http://khanhbinh.tranvanthoi.camau.gov.vn/tin-tuc/bai-viet/?trang=2"
    by_prefix = client.get("/web/khanhbinhtay/gioi-thieu/")
    assert by_prefix.status_code == 301 and by_prefix["Location"] == "/web/khanhbinh/gioi-thieu/"
    assert client.get("/web/khanhbinhtay/")["Location"] == "/web/khanhbinh/"
    assert client.get(by_prefix["Location"].replace("gioi-thieu/", "")).status_code == 200
    assert SecurityEvent.objects.filter(kind="portal_merged", portal=commune).count() == 1


def test_old_prefix_redirects_to_the_successor_domain_in_production(client, tay, commune, province_admin, settings):
    settings.PORTAL_LINK_DOMAINS = True
    portal_merge(source=tay, target=commune, by=province_admin)
    response = client.get("/web/khanhbinhtay/lien-he/")
    assert response["Location"] == "https://khanhbinh.tranvanthoi.camau.gov.vn/lien-he/"
    response = client.get("/lien-he/", HTTP_HOST="khanhbinhtay.tranvanthoi.camau.gov.vn", secure=True)
    assert response["Location"] == "https://khanhbinh.tranvanthoi.camau.gov.vn/lien-he/"


def test_old_domain_of_a_portal_merged_into_one_without_domain_goes_under_web(client, tay, province, province_admin):
    target = PortalFactory(parent=province, slug="khongmien", kind="commune", domain=None)
    portal_merge(source=tay, target=target, by=province_admin)
    response = client.get("/a/", HTTP_HOST="khanhbinhtay.tranvanthoi.camau.gov.vn")
    assert response["Location"] == "/web/khongmien/a/"


def test_merge_is_safe_to_run_again(tay, commune, province_admin):
    portal_merge(source=tay, target=commune, by=province_admin)
    again = portal_merge(source=tay, target=commune, by=province_admin)
    assert set(again.values()) == {0}
    assert PortalRedirect.objects.filter(target=commune).count() == 2  # old domain and old slug, once
    assert SecurityEvent.objects.filter(kind="portal_merged").count() == 1


def test_chained_merges_send_visitors_to_the_last_successor(client, tay, commune, province_admin):
    portal_merge(source=tay, target=commune, by=province_admin)
    bigger = PortalFactory(parent=commune.parent, slug="khanhbinhmoi", kind="commune", name="Xã Khánh Bình mới")
    portal_merge(source=commune, target=bigger, by=province_admin)
    assert client.get("/web/khanhbinhtay/a/")["Location"] == "/web/khanhbinhmoi/a/"
    bigger_home = client.get("/", HTTP_HOST="khanhbinhtay.tranvanthoi.camau.gov.vn")["Location"]
    assert bigger_home == "/web/khanhbinhmoi/"  # the last successor has no domain of its own


def test_merging_a_district_moves_its_communes(commune, province, province_admin):
    district = commune.parent
    other = PortalFactory(parent=province, slug="namcan", kind="district", name="Huyện Năm Căn")
    portal_merge(source=district, target=other, by=province_admin)
    commune.refresh_from_db()
    assert commune.parent == other
    # The tree stays consistent: what mptt stored equals a full rebuild.
    stored = list(Portal.objects.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level"))
    Portal.objects.rebuild()
    assert list(Portal.objects.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level")) == stored
    other.refresh_from_db()
    assert commune in other.get_descendants()


def test_only_the_provincial_office_merges(tay, commune):
    with pytest.raises(PortalStructurePermissionDenied):
        portal_merge(source=tay, target=commune, by=member_of(commune, "administrator"))


def test_retired_portal_shows_an_archive_notice(client, tay, province_admin):
    portal_retire(portal=tay, by=province_admin, notice="Cổng đã ngừng hoạt động từ ngày 01/7/2025.")
    response = client.get("/web/khanhbinhtay/")
    html = response.content.decode()
    assert response.status_code == 410
    assert "Xã Khánh Bình Tây đã ngừng hoạt động" in html and "từ ngày 01/7/2025" in html
    assert 'class="site-header"' in html  # the shared layout
    by_domain = client.get("/tin-tuc/", HTTP_HOST="khanhbinhtay.tranvanthoi.camau.gov.vn")
    assert by_domain.status_code == 410
    portal_retire(portal=tay, by=province_admin, notice="Cổng đã ngừng hoạt động từ ngày 01/7/2025.")
    assert SecurityEvent.objects.filter(kind="portal_retired").count() == 1


def test_merge_from_the_admin_previews_then_runs_as_a_task(
    client, tay, commune, province_admin, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(run_portal_operation, "delay", lambda pk: queued.append(pk))
    client.force_login(province_admin)
    start = client.post("/admin/components/portal/", {"action": "merge_action", "_selected_action": [tay.pk]})
    url = start["Location"]
    assert url == f"/admin/components/portal/{tay.pk}/sap-nhap/"
    preview = client.post(url, {"target": commune.pk, "preview": "1"}).content.decode()
    assert 'id="merge-preview"' in preview and "Cơ quan, đơn vị" in preview
    assert Portal.objects.get(pk=tay.pk).status == "active"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"target": commune.pk, "confirm": "1"})
    assert done.status_code == 302
    operation = PortalOperation.objects.get()
    assert queued == [operation.pk] and operation.preview["Cơ quan, đơn vị"] == 1
    run_portal_operation.apply(args=[operation.pk])
    run_portal_operation.apply(args=[operation.pk])  # a second delivery of the task changes nothing
    operation.refresh_from_db()
    assert operation.status == "done"
    assert Portal.objects.get(pk=tay.pk).status == "merged"
    assert SecurityEvent.objects.filter(kind="portal_merged").count() == 1


def test_retire_from_the_admin(client, tay, province_admin, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(run_portal_operation, "delay", lambda pk: run_portal_operation.apply(args=[pk]))
    client.force_login(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/components/portal/{tay.pk}/ngung-hoat-dong/", {"notice": "Đã giải thể.", "confirm": "1"})
    assert Portal.objects.get(pk=tay.pk).status == "retired"


def test_component_administrators_cannot_merge(client, tay, commune):
    client.force_login(member_of(tay, "administrator", username="admin.khanhbinhtay"))
    assert client.get(f"/admin/components/portal/{tay.pk}/sap-nhap/").status_code == 403


def test_seeded_merged_commune_redirects_its_old_urls_and_domain(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    old = Portal.objects.get(slug="khanhbinhtay")
    assert old.status == "merged" and old.merged_into.slug == "khanhbinh"
    response = client.get("/web/khanhbinhtay/gioi-thieu/")
    assert response.status_code == 301 and response["Location"] == "/web/khanhbinh/gioi-thieu/"
    response = client.get("/", HTTP_HOST="khanhbinhtay.tranvanthoi.camau.gov.vn")
    assert response.status_code == 301
    assert response["Location"] == "http://khanhbinh.tranvanthoi.camau.gov.vn/"


def test_a_manual_redirect_cannot_take_a_live_portals_address(commune, province):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đang được một cổng đang hoạt động"):
        PortalRedirect(old_domain="khanhbinh.tranvanthoi.camau.gov.vn", target=province).full_clean()
    with pytest.raises(ValidationError, match="đang được một cổng đang hoạt động"):
        PortalRedirect(old_slug="khanhbinh", target=province).full_clean()
    PortalRedirect(old_domain="baclieu.gov.vn", target=province).full_clean()


def test_old_domain_outside_the_configured_hosts_is_accepted_and_redirected(client, province):
    assert client.get("/", HTTP_HOST="baclieu.gov.vn").status_code == 400
    PortalRedirect.objects.create(old_domain="baclieu.gov.vn", target=province, source_name="Cổng tỉnh Bạc Liêu")
    response = client.get("/van-ban/?so=12", HTTP_HOST="baclieu.gov.vn")
    assert response.status_code == 301 and response["Location"] == "http://camau.gov.vn/van-ban/?so=12"


def test_old_prefix_of_a_portal_no_longer_in_the_tree_still_redirects(client, commune):
    PortalRedirect.objects.create(old_slug="xacu", target=commune, source_name="Xã cũ đã xóa")
    response = client.get("/web/xacu/tin-tuc/")
    assert response.status_code == 301 and response["Location"] == "/web/khanhbinh/tin-tuc/"
    assert client.get("/web/khongtontai/").status_code == 404


def test_an_operation_that_can_no_longer_run_is_marked_failed(tay, commune, province_admin):
    operation = PortalOperation.objects.create(kind="merge", source=tay, target=commune, requested_by=province_admin)
    Portal.objects.filter(pk=commune.pk).update(status="retired")
    run_portal_operation.apply(args=[operation.pk])
    operation.refresh_from_db()
    assert operation.status == "failed" and "phải đang hoạt động" in operation.result["error"]
    assert Portal.objects.get(pk=tay.pk).status == "active"


def test_province_cannot_be_retired_from_the_admin(client, province, province_admin):
    client.force_login(province_admin)
    response = client.post(f"/admin/components/portal/{province.pk}/ngung-hoat-dong/", {"notice": "x", "confirm": "1"})
    assert "Không thể ngừng hoạt động cổng tỉnh" in response.content.decode()
    assert not PortalOperation.objects.exists()
