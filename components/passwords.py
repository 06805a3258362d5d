"""Password rules (AUTH_PASSWORD_VALIDATORS), with their messages in Vietnamese.

- four character classes and a minimum length, longer for accounts that sign in without a second factor;
- none of the last N passwords again (PasswordHistory keeps their hashes);
- `password_changed` records the new hash and the change date, which the expiry rule reads;
- no common password, portal or province name, year or the demo password under decoration (BlocklistValidator).
"""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .text import search_key, unaccent


def _setting(name, default):
    return getattr(settings, name, default)


class ComplexityValidator:
    """Upper case, lower case, digit and special character; ≥ 8 characters, ≥ 14 without MFA."""

    def __init__(self, min_length=None, min_length_without_mfa=None):
        self._min_length = min_length
        self._min_length_without_mfa = min_length_without_mfa

    def min_length_for(self, user):
        from .accounts import has_second_factor

        base = self._min_length or _setting("PASSWORD_MIN_LENGTH", 8)
        without_mfa = self._min_length_without_mfa or _setting("PASSWORD_MIN_LENGTH_WITHOUT_MFA", 14)
        if user is not None and getattr(user, "pk", None) and has_second_factor(user):
            return base
        return max(base, without_mfa)

    def validate(self, password, user=None):
        errors = []
        length = self.min_length_for(user)
        if len(password) < length:
            errors.append(
                ngettext(
                    "Mật khẩu phải có ít nhất %(n)d ký tự.",
                    "Mật khẩu phải có ít nhất %(n)d ký tự.",
                    length,
                )
                % {"n": length}
            )
        missing = []
        if not re.search(r"[A-Z]", password):
            missing.append(_("một chữ hoa"))
        if not re.search(r"[a-z]", password):
            missing.append(_("một chữ thường"))
        if not re.search(r"[0-9]", password):
            missing.append(_("một chữ số"))
        if not re.search(r"[^A-Za-z0-9]", password):
            missing.append(_("một ký tự đặc biệt (ví dụ @ # ! %)"))
        if missing:
            errors.append(_("Mật khẩu phải có ít nhất %(parts)s.") % {"parts": ", ".join(missing)})
        if errors:
            raise ValidationError(errors, code="password_too_weak")

    def get_help_text(self):
        base = _setting("PASSWORD_MIN_LENGTH", 8)
        without_mfa = _setting("PASSWORD_MIN_LENGTH_WITHOUT_MFA", 14)
        return _(
            "Mật khẩu có ít nhất %(base)d ký tự (%(long)d ký tự nếu tài khoản chưa bật xác thực hai bước), "
            "gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt."
        ) % {"base": base, "long": without_mfa}


class HistoryValidator:
    """The last N passwords (PASSWORD_HISTORY_COUNT, 5) may not be used again."""

    def __init__(self, count=None):
        self._count = count

    @property
    def count(self):
        return self._count or _setting("PASSWORD_HISTORY_COUNT", 5)

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from .models import PasswordHistory

        previous = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")[: self.count]
        hashes = [row.password for row in previous]
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes if encoded):
            raise ValidationError(
                _("Không được dùng lại một trong %(n)d mật khẩu gần nhất.") % {"n": self.count},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from .models import AccountProfile, PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = list(
            PasswordHistory.objects.filter(user=user)
            .order_by("-created_at", "-id")
            .values_list("id", flat=True)[: self.count]
        )
        PasswordHistory.objects.filter(user=user).exclude(id__in=keep).delete()
        AccountProfile.objects.update_or_create(
            user=user, defaults={"password_changed_at": timezone.now(), "must_change_password": False}
        )

    def get_help_text(self):
        return _("Không dùng lại %(n)d mật khẩu gần nhất.") % {"n": self.count}


# --- Blocklist: common passwords, the portal tree's names, years, the demo password (decision 0731) ----------

_DATA = Path(__file__).resolve().parent / "data"
_LEET = {"@": "a", "4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "$": "s", "7": "t"}
_LEET_BETWEEN_LETTERS = re.compile(r"(?<=[a-z])[@4310$57](?=[a-z])")
# Words that open a unit's name without naming it: "Cổng TTĐT huyện Trần Văn Thời" is "Trần Văn Thời".
_NAME_PREFIXES = (
    "cong thong tin dien tu",
    "cong ttdt",
    "uy ban nhan dan",
    "ubnd",
    "thanh pho",
    "thi tran",
    "thi xa",
    "tinh",
    "huyen",
    "xa",
    "phuong",
    "quan",
    "so",
    "ban",
    "trung tam",
    "van phong",
)
_PLACE_WORDS = (" tinh ", " thanh pho ", " huyen ", " xa ", " phuong ")
MIN_OWN_LETTERS = 4  # letters a password must keep once the names in it are taken out


def normalise(text: str) -> str:
    """Lower case, no accents (đ -> d), letters only: 'Cà Mau@2026' -> 'camau'."""
    return re.sub(r"[^a-z]", "", unaccent(text or "").lower())


def _variants(password: str) -> set[str]:
    """The letters of a password, as typed and with look-alike digits/symbols read as letters ('P@ssw0rd')."""
    plain = unaccent(password).lower()
    return {normalise(plain), normalise(_LEET_BETWEEN_LETTERS.sub(lambda m: _LEET[m.group()], plain))}


def _read_list(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Django's 20,000 common passwords and the Vietnamese list, normalised like a password's letters."""
    django_list = CommonPasswordValidator().passwords
    words = {normalise(word) for word in django_list} | {
        normalise(word) for word in _read_list("weak-passwords-vi.txt")
    }
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=1)
def _province_names() -> tuple[tuple[str, str], ...]:
    return tuple((normalise(name), name) for name in _read_list("provinces-vi.txt"))


def _name_terms(name: str) -> set[str]:
    """A unit's name as someone would type it in a password: whole, without its generic opening, initials."""
    key = search_key(re.sub(r"[^\w\s]", " ", name))
    terms = {key}
    stripped = key
    changed = True
    while changed:
        changed = False
        for prefix in _NAME_PREFIXES:
            if stripped.startswith(prefix + " "):
                stripped, changed = stripped[len(prefix) + 1 :], True
    terms.add(stripped)
    padded = f" {key} "
    for word in _PLACE_WORDS:  # "Sở Xây dựng tỉnh Cà Mau": "Cà Mau" too
        if word in padded:
            terms.add(padded.rsplit(word, 1)[1].strip())
    words = stripped.split()
    if len(words) > 1:
        terms.add(" ".join(w for w in words if w != "va"))  # "Khoa học Công nghệ"
        terms.add("".join(w[0] for w in words))
        terms.add("".join(w[0] for w in words if w != "va"))  # "Khoa học và Công nghệ" -> "khcn"
    return {normalise(term) for term in terms}


def portal_terms() -> dict[str, str]:
    """normalised term -> the name it comes from: every portal's name, short name, slug and domain label,
    the base domain's label ('camau') and the provinces of Viet Nam."""
    from .models import Portal

    terms = {}
    for normalised, name in _province_names():
        terms[normalised] = name
    base = getattr(settings, "PORTAL_BASE_DOMAIN", "") or ""
    if base:
        terms.setdefault(normalise(base.split(".")[0]), base)
    for name, short_name, slug, domain in Portal.objects.values_list("name", "short_name", "slug", "domain"):
        for term in _name_terms(name):
            terms.setdefault(term, name)
        for value in (short_name, slug, (domain or "").split(".")[0]):
            terms.setdefault(normalise(value), name)
    terms.pop("", None)
    return terms


class BlocklistValidator:
    """Refuses passwords that are a common password, a name from the portal tree or a province, a year, or
    the demo password, once decoration (case, accents, digits, symbols) is taken away: 'Camau@2026',
    'Password123!', 'Matkhau@123'. The demo password stays allowed for demo accounts (AccountProfile.is_demo);
    seed_demo sets it directly, without validation."""

    def validate(self, password, user=None):
        variants = _variants(password)
        if not any(variants):
            raise ValidationError(
                _("Mật khẩu không được chỉ gồm chữ số, năm và ký tự đặc biệt; hãy dùng cả chữ cái."),
                code="password_no_letters",
            )
        if self._is_demo_password(password, variants) and not self._is_demo_account(user):
            raise ValidationError(
                _("Không dùng mật khẩu của bản trình diễn (demo) cho tài khoản thật."), code="password_demo"
            )
        name = self._name_in(variants)
        if name:
            raise ValidationError(
                _("Mật khẩu không được dựa trên tên cổng, tên cơ quan hay tên địa phương (“%(name)s”).")
                % {"name": name},
                code="password_portal_name",
            )
        if variants & _common_words():
            raise ValidationError(
                _("Mật khẩu này quá phổ biến (thêm chữ số, năm hay ký tự đặc biệt không làm nó khó đoán hơn)."),
                code="password_too_common",
            )

    @staticmethod
    def _is_demo_password(password, variants):
        demo = getattr(settings, "DEMO_PASSWORD", "") or ""
        if not demo:
            return False
        demo_letters = normalise(demo)
        return password.strip().lower() == demo.lower() or (len(demo_letters) >= 3 and demo_letters in variants)

    @staticmethod
    def _is_demo_account(user):
        if user is None or not getattr(user, "pk", None):
            return False
        from .models import AccountProfile

        return AccountProfile.objects.filter(user=user, is_demo=True).exists()

    @staticmethod
    def _name_in(variants):
        terms = portal_terms()
        ordered = sorted(terms, key=len, reverse=True)
        for letters in variants:
            if letters in terms:
                return terms[letters]
            rest, found = letters, None
            for term in ordered:
                if len(term) >= MIN_OWN_LETTERS and term in rest:
                    rest, found = rest.replace(term, ""), found or terms[term]
            if found and len(rest) < MIN_OWN_LETTERS:
                return found
        return None

    def get_help_text(self):
        return _(
            "Không dùng mật khẩu phổ biến (như Matkhau@123), tên cổng, tên cơ quan, tên địa phương hay năm "
            "thêm ký tự trang trí (như Camau@2026)."
        )
