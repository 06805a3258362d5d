"""Factories and image builders for the media tests (sanitising, uploads, renditions)."""

import io
import struct
import zlib

import factory
from PIL import ExifTags, Image

from editorial.models import Article, Category
from tests.factories import ProvinceFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    portal = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Tin tức sự kiện {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    category = factory.SubFactory(CategoryFactory)
    portal = factory.LazyAttribute(lambda o: o.category.portal)
    title = factory.Sequence(lambda n: f"Khánh thành cầu Đầm Cùng số {n}")
    author_name = "Trần Thị Hương"
    source = "Báo Cà Mau"


# A GPS position in the Cà Mau peninsula: what a phone writes into a reporter's photo.
GPS = {1: "N", 2: (9.0, 10.0, 37.0), 3: "E", 4: (105.0, 9.0, 2.0)}


def image_bytes(image_format="JPEG", size=(800, 600), mode="RGB", color="#2a6f97", gps=False, orientation=None):
    """Encoded image bytes; optionally with GPS EXIF and an EXIF orientation."""
    image = Image.new(mode, size, color)
    if mode == "RGB":
        # A different left edge shows which way the image was turned.
        image.paste((200, 30, 30), (0, 0, max(1, size[0] // 8), size[1]))
    options = {}
    if gps or orientation:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "Canon"
        exif[ExifTags.Base.Model] = "EOS 80D"
        if orientation:
            exif[ExifTags.Base.Orientation] = orientation
        if gps:
            exif[ExifTags.IFD.GPSInfo] = GPS
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def png_header(width, height):
    """A tiny PNG whose header claims width x height pixels: the first bytes of a decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
