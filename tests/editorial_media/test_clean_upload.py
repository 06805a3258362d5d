"""Uploaded images are verified and stored without EXIF (no reporter's GPS position reaches citizens)."""

import io
from unittest import mock

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from editorial import images
from editorial.images import clean_image_form_value, clean_image_upload
from editorial.models import Article
from tests.editorial_media.factories import ArticleFactory, image_bytes, png_header


def upload(data, name="anh.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def opened(file):
    file.seek(0)
    image = Image.open(io.BytesIO(file.read()))
    file.seek(0)
    return image


def test_the_upload_carries_gps_before_cleaning():
    # Guards the fixture: the test below would pass vacuously on an image without GPS.
    exif = Image.open(io.BytesIO(image_bytes(gps=True))).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[2] == (9.0, 10.0, 37.0)


@pytest.mark.parametrize("image_format, name", [("JPEG", "hien-truong.jpg"), ("PNG", "so-do.png"), ("WEBP", "a.webp")])
def test_cleaning_removes_gps_and_all_exif_and_keeps_the_format(image_format, name):
    cleaned = clean_image_upload(upload(image_bytes(image_format, gps=True), name=name))
    image = opened(cleaned)
    assert image.format == image_format
    assert cleaned.name == name
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert len(exif) == 0
    assert "exif" not in image.info and "xmp" not in image.info
    assert image.size == (800, 600)


def test_cleaning_applies_the_exif_orientation_before_dropping_it():
    # Orientation 6: the camera was turned; the stored pixels must be upright without the tag.
    cleaned = clean_image_upload(upload(image_bytes(size=(800, 600), orientation=6, gps=True)))
    image = opened(cleaned).convert("RGB")
    assert image.size == (600, 800)
    assert len(image.getexif()) == 0
    # The red band on the left edge is now along the top.
    red, green, _ = image.getpixel((300, 10))
    assert red > 150 and green < 100


def test_a_png_named_jpg_keeps_its_stem_and_gets_its_real_extension():
    cleaned = clean_image_upload(upload(image_bytes("PNG"), name="Ảnh hội nghị.jpg"))
    assert cleaned.name == "Ảnh hội nghị.png"
    assert opened(cleaned).format == "PNG"


def test_transparency_and_first_frame_of_a_gif_survive():
    frames = [Image.new("P", (40, 30), 1), Image.new("P", (40, 30), 2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], transparency=1, duration=100)
    image = opened(clean_image_upload(upload(buffer.getvalue(), name="dong.gif", content_type="image/gif")))
    assert image.format == "GIF"
    assert getattr(image, "n_frames", 1) == 1
    assert image.convert("RGBA").getchannel("A").getextrema() == (0, 0)  # frame 1 was fully transparent


def test_a_transparent_png_stays_transparent():
    data = image_bytes("PNG", size=(50, 50), mode="RGBA", color=(0, 128, 0, 0))
    image = opened(clean_image_upload(upload(data, name="logo.png", content_type="image/png")))
    assert image.mode == "RGBA"
    assert image.getchannel("A").getextrema() == (0, 0)


def test_a_text_file_named_jpg_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as error:
        clean_image_upload(upload("Đây không phải là ảnh".encode(), name="anh.jpg"))
    assert error.value.messages == ["Tệp tải lên không phải là ảnh hợp lệ."]


def test_a_decompression_bomb_header_is_refused_in_vietnamese():
    # 8 000 x 8 000 = 64 megapixels, above the 40 megapixel limit: refused before any pixel is decoded.
    with pytest.raises(ValidationError) as error:
        clean_image_upload(upload(png_header(8_000, 8_000), name="bom.png", content_type="image/png"))
    assert error.value.messages == ["Ảnh có kích thước điểm ảnh quá lớn."]


def test_a_giant_decompression_bomb_header_is_refused_too():
    # Far above Pillow's own bomb limit: Pillow refuses to open it at all.
    with pytest.raises(ValidationError) as error:
        clean_image_upload(upload(png_header(100_000, 100_000), name="bom.png", content_type="image/png"))
    assert error.value.messages == ["Tệp tải lên không phải là ảnh hợp lệ."]


def test_a_truncated_jpeg_is_refused():
    data = image_bytes(size=(400, 300))
    with pytest.raises(ValidationError) as error:
        clean_image_upload(upload(data[: len(data) // 2]))
    assert "ảnh" in error.value.messages[0]


@pytest.mark.django_db
def test_saving_an_article_stores_a_cleaned_featured_image(media_root):
    article = ArticleFactory(featured_image=upload(image_bytes(gps=True), name="hien-truong.jpg"))
    article.refresh_from_db()
    assert article.featured_image.name.startswith(f"p/{article.portal_id}/articles/")
    assert article.featured_image.name.endswith(".jpg")
    with article.featured_image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert len(image.getexif()) == 0


@pytest.mark.django_db
def test_a_fake_featured_image_is_refused_before_anything_is_stored(media_root):
    with pytest.raises(ValidationError):
        ArticleFactory(featured_image=upload(b"<?php system($_GET['c']); ?>", name="shell.jpg"))
    assert not (media_root / "articles").exists()


@pytest.mark.django_db
def test_renditions_are_queued_after_commit_when_the_featured_image_changes(django_capture_on_commit_callbacks):
    with mock.patch.object(images.make_image_renditions, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            article = ArticleFactory(featured_image=upload(image_bytes(), name="a.jpg"))
        assert delay.call_args_list == [mock.call(article.featured_image.name)]

        with django_capture_on_commit_callbacks(execute=True):
            article.title = "Tiêu đề mới"
            article.save()
        assert delay.call_count == 1  # image unchanged: nothing queued

        with django_capture_on_commit_callbacks(execute=True):
            article.featured_image = upload(image_bytes("PNG"), name="b.png")
            article.save()
        assert delay.call_count == 2
        assert delay.call_args.args == (article.featured_image.name,)

        reloaded = type(article).objects.get(pk=article.pk)
        with django_capture_on_commit_callbacks(execute=True):
            reloaded.featured_image = "articles/da-co-san.jpg"  # an existing file, e.g. restored from a revision
            reloaded.save()
        assert delay.call_args.args == ("articles/da-co-san.jpg",)
        assert delay.call_count == 3


@pytest.mark.django_db
def test_nothing_is_queued_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with mock.patch.object(images.make_image_renditions, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ArticleFactory(featured_image=upload(image_bytes(), name="a.jpg"))
        assert delay.call_count == 0
        for callback in callbacks:  # other apps queue their own after-commit work (cache purge)
            callback()
        assert delay.call_count == 1


@pytest.mark.django_db
def test_an_article_without_image_queues_nothing(django_capture_on_commit_callbacks):
    with mock.patch.object(images.make_image_renditions, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory()
        assert delay.call_count == 0


class FeaturedImageForm(forms.ModelForm):
    """What the article admin form does: clean_featured_image() puts upload errors next to the field."""

    class Meta:
        model = Article
        fields = ["featured_image"]

    def clean_featured_image(self):
        return clean_image_form_value(self.cleaned_data.get("featured_image"))


@pytest.mark.django_db
def test_a_form_shows_the_refusal_next_to_the_image_field():
    data = image_bytes(size=(400, 300))
    form = FeaturedImageForm(data={}, files={"featured_image": upload(data[: len(data) // 2], name="hong.jpg")})
    assert not form.is_valid()
    assert form.errors["featured_image"] == ["Tệp tải lên không phải là ảnh hợp lệ."]


@pytest.mark.django_db
def test_a_form_cleans_the_upload_once_and_the_model_keeps_it():
    article = ArticleFactory()
    form = FeaturedImageForm(
        instance=article, data={}, files={"featured_image": upload(image_bytes(gps=True), name="anh.jpg")}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["featured_image"].exif_stripped is True
    with mock.patch.object(images, "clean_image_upload", side_effect=AssertionError("cleaned twice")):
        form.save()
    with article.featured_image.open("rb") as handle:
        assert len(Image.open(io.BytesIO(handle.read())).getexif()) == 0


@pytest.mark.django_db
def test_a_form_without_a_new_upload_keeps_the_image():
    name = default_storage.save("articles/co-san.jpg", ContentFile(image_bytes()))
    article = ArticleFactory(featured_image=name)
    form = FeaturedImageForm(instance=article, data={}, files={})
    assert form.is_valid(), form.errors
    form.save()
    article.refresh_from_db()
    assert article.featured_image.name == name
