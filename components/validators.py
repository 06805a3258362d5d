"""Upload checks shared by the apps: an image must be a real image of sane size."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # guards against decompression bombs
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_file(file):
    if file.size and file.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Ảnh quá lớn: tối đa %(mb)s MB."), params={"mb": MAX_IMAGE_BYTES // (1024 * 1024)})
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.format not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP."))
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("Ảnh có kích thước điểm ảnh quá lớn."))
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp tải lên không phải là ảnh hợp lệ.")) from exc
    finally:
        file.seek(position)
