"""Per-portal media folders (docs/decisions/0203-per-portal-media-folders.md): portal logos and banners, the
upload_to helper itself, and the disk-use report."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.migrations.writer import MigrationWriter
from PIL import Image

from components.models import Portal
from components.uploads import PortalUploadTo, media_usage, portal_id_of_name
from tests.factories import PortalFactory

pytestmark = pytest.mark.usefixtures("media_root")


def png(name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def files_under(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.django_db
def test_a_new_portals_logo_lands_in_its_own_folder(province, media_root):
    """The portal has no id while its logo is written: the file is moved to p/<id>/ right after the insert."""
    portal = PortalFactory(parent=province, slug="xadamdoi", logo=png("xa-dam-doi.png"))
    expected = f"p/{portal.pk}/logos/xa-dam-doi.png"
    assert portal.logo.name == expected
    assert Portal.objects.get(pk=portal.pk).logo.name == expected
    assert files_under(media_root) == [expected]


@pytest.mark.django_db
def test_a_banner_changed_later_lands_in_the_portals_folder(department, media_root):
    department.banner = png("bang-ron.png")
    department.save()
    department.refresh_from_db()
    assert department.banner.name == f"p/{department.pk}/banners/bang-ron.png"
    assert default_storage.exists(department.banner.name)


@pytest.mark.django_db
def test_an_old_logo_path_keeps_working(department):
    Portal.objects.filter(pk=department.pk).update(logo="portals/logos/sokhcn.png")
    department.refresh_from_db()
    department.save()  # saving the portal again does not move or rename an existing file
    assert Portal.objects.get(pk=department.pk).logo.url == "/media/portals/logos/sokhcn.png"


def test_upload_to_is_recorded_in_migrations_by_its_arguments():
    upload_to = PortalUploadTo("documents/%Y/", "document.portal_id")
    assert upload_to == PortalUploadTo("documents/%Y/", "document.portal_id")
    assert upload_to != PortalUploadTo("documents/%Y/")
    text, imports = MigrationWriter.serialize(upload_to)
    assert text == "components.uploads.PortalUploadTo('documents/%Y/', 'document.portal_id')"
    assert imports == {"import components.uploads"}


def test_the_portal_of_a_stored_name():
    assert portal_id_of_name("p/12/articles/2026/11/a.jpg") == 12
    assert portal_id_of_name("articles/2026/11/a.jpg") is None
    assert portal_id_of_name("p/_new/logos/a.png") is None
    assert portal_id_of_name("renditions/abc/list.jpg") is None


@pytest.mark.django_db
def test_disk_use_is_reported_per_portal(department, province, media_root):
    from django.core.files.base import ContentFile

    default_storage.save(f"p/{department.pk}/articles/2026/11/a.jpg", ContentFile(b"x" * 100))
    default_storage.save(f"p/{department.pk}/renditions/abc/list.webp", ContentFile(b"x" * 20))
    default_storage.save(f"p/{province.pk}/leaders/b.jpg", ContentFile(b"x" * 7))
    default_storage.save("articles/2025/01/cu.jpg", ContentFile(b"x" * 3))
    assert media_usage() == {department.pk: (2, 120), province.pk: (1, 7), None: (1, 3)}
    out = io.StringIO()
    call_command("media_usage", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"{department.pk}\tsokhcn\t2\t120\t{department.name}" in lines
    assert "-\tunassigned\t1\t3\t" in lines
    assert lines[-1] == "total\t\t4\t130\t"


@pytest.mark.django_db
def test_disk_use_of_an_empty_installation(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "khong-co")
    assert media_usage() == {}
