"""Renditions (thumb 320, list 640, large 1280; WebP + JPEG/PNG) and the <picture> include public pages use."""

import io
import os
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image

from editorial.images import make_image_renditions, make_renditions, rendition_dir, rendition_urls
from tests.editorial_media.factories import ArticleFactory, image_bytes


def store(name, data):
    return default_storage.save(name, ContentFile(data))


def stored_image(path):
    with default_storage.open(path, "rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def test_renditions_are_made_in_three_sizes_as_webp_and_jpeg(media_root):
    name = store("articles/2026/11/cau.jpg", image_bytes(size=(2000, 1000)))
    manifest = make_renditions(name)
    directory = rendition_dir(name)
    assert directory.startswith("renditions/")
    expected = {"thumb": (320, 160), "list": (640, 320), "large": (1280, 640)}
    for size, dimensions in expected.items():
        webp = stored_image(f"{directory}/{size}.webp")
        jpeg = stored_image(f"{directory}/{size}.jpg")
        assert (webp.format, webp.size) == ("WEBP", dimensions)
        assert (jpeg.format, jpeg.size) == ("JPEG", dimensions)
        assert manifest["renditions"][size]["width"] == dimensions[0]
    assert sorted(os.listdir(media_root / directory)) == [
        "large.jpg",
        "large.webp",
        "list.jpg",
        "list.webp",
        "manifest.json",
        "thumb.jpg",
        "thumb.webp",
    ]


def test_renditions_never_upscale_a_small_image():
    name = store("articles/nho.jpg", image_bytes(size=(500, 250)))
    manifest = make_renditions(name)
    directory = rendition_dir(name)
    assert stored_image(f"{directory}/thumb.webp").size == (320, 160)
    assert stored_image(f"{directory}/list.webp").size == (500, 250)
    assert stored_image(f"{directory}/large.jpg").size == (500, 250)
    assert [item["width"] for item in manifest["renditions"].values()] == [320, 500, 500]


def test_a_transparent_source_gets_a_png_fallback():
    name = store("articles/logo.png", image_bytes("PNG", size=(700, 700), mode="RGBA", color=(0, 80, 0, 0)))
    make_renditions(name)
    fallback = stored_image(f"{rendition_dir(name)}/list.png")
    assert fallback.format == "PNG"
    assert fallback.getchannel("A").getextrema()[0] == 0
    assert not default_storage.exists(f"{rendition_dir(name)}/list.jpg")


def test_an_opaque_png_gets_a_jpeg_fallback():
    name = store("articles/so-do.png", image_bytes("PNG", size=(700, 400)))
    make_renditions(name)
    assert stored_image(f"{rendition_dir(name)}/list.jpg").format == "JPEG"


def test_making_renditions_twice_rewrites_nothing(media_root):
    name = store("articles/a.jpg", image_bytes(size=(1600, 900)))
    first = make_renditions(name)
    directory = media_root / rendition_dir(name)
    stamps = {path.name: path.stat().st_mtime_ns for path in directory.iterdir()}
    assert make_renditions(name) == first
    assert {path.name: path.stat().st_mtime_ns for path in directory.iterdir()} == stamps


def test_a_missing_rendition_is_remade_and_the_others_kept(media_root):
    name = store("articles/b.jpg", image_bytes(size=(1600, 900)))
    make_renditions(name)
    directory = media_root / rendition_dir(name)
    kept = (directory / "thumb.webp").stat().st_mtime_ns
    (directory / "large.webp").unlink()
    make_renditions(name)
    assert (directory / "large.webp").exists()
    assert (directory / "thumb.webp").stat().st_mtime_ns == kept
    # Six renditions and the manifest, no "large_abc123.webp" duplicates.
    assert sorted(path.name for path in directory.iterdir()) == sorted(
        [f"{size}.{ext}" for size in ("thumb", "list", "large") for ext in ("webp", "jpg")] + ["manifest.json"]
    )


def test_the_task_body_survives_a_missing_source():
    assert make_image_renditions.run("articles/khong-ton-tai.jpg") == {}


@pytest.mark.django_db
def test_rendition_urls_fall_back_to_the_original_before_the_worker_ran():
    name = store("articles/c.jpg", image_bytes(size=(1000, 500)))
    article = ArticleFactory(featured_image=name)
    urls = rendition_urls(article.featured_image, "list")
    assert urls["src"] == "/media/articles/c.jpg"
    assert urls["webp"] == "" and urls["fallback"] == ""
    assert (urls["width"], urls["height"]) == (1000, 500)
    assert urls["has_renditions"] is False


@pytest.mark.django_db
def test_rendition_urls_list_every_existing_rendition_once():
    name = store("articles/d.jpg", image_bytes(size=(900, 600)))
    article = ArticleFactory(featured_image=name)
    make_renditions(name)
    urls = rendition_urls(article.featured_image, "list")
    directory = "/media/" + rendition_dir(name)
    assert urls["webp"] == f"{directory}/thumb.webp 320w, {directory}/list.webp 640w, {directory}/large.webp 900w"
    assert urls["fallback"] == f"{directory}/thumb.jpg 320w, {directory}/list.jpg 640w, {directory}/large.jpg 900w"
    assert urls["src"] == f"{directory}/list.jpg"
    assert (urls["width"], urls["height"]) == (640, 427)
    assert urls["sizes"] == "(max-width: 640px) 100vw, 640px"


@pytest.mark.django_db
def test_a_small_image_lists_no_duplicate_widths():
    name = store("articles/e.jpg", image_bytes(size=(400, 300)))
    article = ArticleFactory(featured_image=name)
    make_renditions(name)
    urls = rendition_urls(article.featured_image, "large")
    assert re.findall(r" (\d+)w", urls["webp"]) == ["320", "400"]
    assert urls["width"] == 400


def _render(article, size="list", **extra):
    template = Template(
        '{% include "editorial/includes/picture.html" with image=article.featured_image size=size alt=article.title %}'
    )
    return template.render(Context({"article": article, "size": size, **extra}))


@pytest.mark.django_db
def test_the_picture_include_renders_webp_and_fallback_srcsets_lazily():
    name = store("articles/f.jpg", image_bytes(size=(2000, 1200)))
    article = ArticleFactory(featured_image=name, title="Lễ khánh thành cầu Đầm Cùng")
    make_renditions(name)
    html = _render(article)
    directory = "/media/" + rendition_dir(name)
    assert "<picture>" in html and "</picture>" in html
    assert (
        f'<source type="image/webp" srcset="{directory}/thumb.webp 320w, {directory}/list.webp 640w, '
        f'{directory}/large.webp 1280w" sizes="(max-width: 640px) 100vw, 640px">'
    ) in html
    img = re.search(r"<img [^>]*>", html).group(0)
    assert f'src="{directory}/list.jpg"' in img
    assert f'srcset="{directory}/thumb.jpg 320w, {directory}/list.jpg 640w, {directory}/large.jpg 1280w"' in img
    assert 'width="640" height="384"' in img
    assert 'alt="Lễ khánh thành cầu Đầm Cùng"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img


@pytest.mark.django_db
def test_the_picture_include_shows_the_original_while_renditions_are_missing():
    name = store("articles/g.jpg", image_bytes(size=(1000, 600)))
    article = ArticleFactory(featured_image=name, title="Ảnh gốc")
    html = _render(article)
    assert "<source" not in html and "srcset" not in html
    img = re.search(r"<img [^>]*>", html).group(0)
    assert 'src="/media/articles/g.jpg"' in img
    assert 'width="1000" height="600"' in img
    assert 'loading="lazy"' in img and 'alt="Ảnh gốc"' in img


@pytest.mark.django_db
def test_the_picture_include_renders_nothing_without_an_image():
    article = ArticleFactory(featured_image="")
    assert _render(article).strip() == ""


@pytest.mark.django_db
def test_the_picture_include_escapes_the_alt_text():
    name = store("articles/h.jpg", image_bytes(size=(100, 100)))
    article = ArticleFactory(featured_image=name, title='"><script>alert(1)</script>')
    html = _render(article)
    assert "<script>" not in html
    assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


@pytest.mark.django_db
def test_a_missing_original_still_renders_an_image_without_dimensions():
    article = ArticleFactory(featured_image="articles/da-xoa.jpg", title="Ảnh đã xóa")
    html = _render(article, size="thumb")
    assert 'src="/media/articles/da-xoa.jpg"' in html
    assert "width=" not in html


def test_a_second_worker_leaves_an_image_being_encoded_alone(media_root):
    name = store("articles/dang-xu-ly.jpg", image_bytes(size=(800, 600)))
    cache.add(f"editorial:renditions:{rendition_dir(name)}", "1", timeout=60)
    assert make_image_renditions.run(name) == {}
    assert not (media_root / rendition_dir(name)).exists()
    cache.delete(f"editorial:renditions:{rendition_dir(name)}")
    assert make_image_renditions.run(name)["renditions"]["list"]["width"] == 640
