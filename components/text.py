"""Vietnamese text helpers shared by every app: NFC storage, unaccented search keys, slugs.

Django's slugify drops "đ" ("Đường" -> "uong") because NFKD does not decompose it; map đ/Đ first.
"""

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Store Vietnamese in composed form (TCVN 6909 / Unicode NFC)."""
    return unicodedata.normalize("NFC", text or "")


def unaccent(text: str) -> str:
    """'Đường Hà Nội' -> 'Duong Ha Noi': diacritics removed, đ mapped to d."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def search_key(text: str) -> str:
    """Lower-case, unaccented, whitespace-collapsed text for diacritic-insensitive matching."""
    return re.sub(r"\s+", " ", unaccent(text).lower()).strip()


def slugify_vi(text: str, max_length: int = 200) -> str:
    """'Đường Hà Nội đẹp' -> 'duong-ha-noi-dep'."""
    return slugify(unaccent(text))[:max_length].strip("-")


def compact_name(text: str) -> str:
    """Name without diacritics, spaces or punctuation, as used in domain labels: 'Trần Văn Thời' -> 'tranvanthoi'."""
    return re.sub(r"[^a-z0-9]", "", unaccent(text).lower())
