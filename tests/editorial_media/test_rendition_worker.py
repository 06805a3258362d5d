"""A featured image saved in the web process gets its renditions from a real Celery worker process."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.images import make_image_renditions, rendition_dir, rendition_urls
from tests.editorial_media.factories import ArticleFactory, image_bytes
from tests.workers import new_queue


@pytest.fixture
def worker_queue(media_root, start_celery_worker):
    """A worker consuming a private queue and writing into this test's MEDIA_ROOT."""
    return start_celery_worker(queue=new_queue("test-media"), env={"MEDIA_ROOT": str(media_root)})


@pytest.mark.worker
@pytest.mark.django_db
def test_a_real_worker_makes_the_renditions_and_a_second_run_changes_nothing(
    worker_queue, media_root, django_capture_on_commit_callbacks
):
    sent = []

    def send_to_private_queue(name):  # what .delay() does, on this test's queue
        sent.append(make_image_renditions.apply_async(args=[name], queue=worker_queue))

    redirect = mock.patch.object(make_image_renditions, "delay", side_effect=send_to_private_queue)
    with redirect, django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(featured_image=SimpleUploadedFile("cau.jpg", image_bytes(size=(1500, 1000))))
        name = article.featured_image.name
        assert not sent  # nothing leaves before the commit
        assert rendition_urls(article.featured_image, "list")["has_renditions"] is False

    assert len(sent) == 1
    manifest = sent[0].get(timeout=90)

    directory = media_root / rendition_dir(name)
    assert sorted(path.name for path in directory.iterdir()) == [
        "large.jpg",
        "large.webp",
        "list.jpg",
        "list.webp",
        "manifest.json",
        "thumb.jpg",
        "thumb.webp",
    ]
    assert manifest["renditions"]["large"]["width"] == 1280
    urls = rendition_urls(article.featured_image, "list")
    assert urls["has_renditions"] is True
    assert urls["webp"].endswith("/large.webp 1280w")

    stamps = {path.name: path.stat().st_mtime_ns for path in directory.iterdir()}
    again = make_image_renditions.apply_async(args=[name], queue=worker_queue).get(timeout=90)
    assert again == manifest
    assert {path.name: path.stat().st_mtime_ns for path in directory.iterdir()} == stamps
