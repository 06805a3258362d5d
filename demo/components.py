"""Demo portals, organisations and board accounts (called by `manage.py seed_demo`).

A real-looking province after the 2025 reorganisation: Cà Mau (which absorbed Bạc Liêu), with
departments, wards, and a former district with communes under it (kept to show any-depth trees).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from components.models import AccountProfile, FocalOfficer, Membership, MenuItem, Organization, Portal, PortalRequest

DEMO_ROLES = ["administrator", "chief", "deputy", "secretary", "member", "contributor"]
ROLE_ACCOUNT_PREFIX = {"administrator": "admin"}


def _portal_specs(base):
    """(slug, parent slug, kind, name, short name, domain, owner, address, phone, email, responsible)."""
    return [
        (
            "camau",
            None,
            "province",
            "Cổng Thông tin điện tử tỉnh Cà Mau",
            "camau",
            base,
            "Ủy ban nhân dân tỉnh Cà Mau",
            "Số 2 Hùng Vương, Phường An Xuyên, tỉnh Cà Mau",
            "0290 3831 069",
            f"congthongtin@{base}",
            "Chánh Văn phòng UBND tỉnh Cà Mau",
        ),
        (
            "sokhcn",
            "camau",
            "department",
            "Sở Khoa học và Công nghệ tỉnh Cà Mau",
            "sokhcn",
            f"sokhcn.{base}",
            "Sở Khoa học và Công nghệ tỉnh Cà Mau",
            "Số 10 Phan Ngọc Hiển, Phường An Xuyên, tỉnh Cà Mau",
            "0290 3567 489",
            f"sokhcn@{base}",
            "Giám đốc Sở Khoa học và Công nghệ",
        ),
        (
            "soyt",
            "camau",
            "department",
            "Sở Y tế tỉnh Cà Mau",
            "soyt",
            f"soyt.{base}",
            "Sở Y tế tỉnh Cà Mau",
            "Số 155 Bùi Thị Trường, Phường An Xuyên, tỉnh Cà Mau",
            "0290 3831 052",
            f"soyt@{base}",
            "Giám đốc Sở Y tế",
        ),
        (
            "sogddt",
            "camau",
            "department",
            "Sở Giáo dục và Đào tạo tỉnh Cà Mau",
            "sogddt",
            f"sogddt.{base}",
            "Sở Giáo dục và Đào tạo tỉnh Cà Mau",
            "Số 1 Trần Hưng Đạo, Phường Tân Thành, tỉnh Cà Mau",
            "0290 3831 915",
            f"sogddt@{base}",
            "Giám đốc Sở Giáo dục và Đào tạo",
        ),
        (
            "anxuyen",
            "camau",
            "ward",
            "Phường An Xuyên",
            "anxuyen",
            f"anxuyen.{base}",
            "Ủy ban nhân dân Phường An Xuyên",
            "Số 5 Lý Thường Kiệt, Phường An Xuyên, tỉnh Cà Mau",
            "0290 3820 111",
            f"anxuyen@{base}",
            "Chủ tịch UBND Phường An Xuyên",
        ),
        (
            "baclieu",
            "camau",
            "ward",
            "Phường Bạc Liêu",
            "baclieu",
            f"baclieu.{base}",
            "Ủy ban nhân dân Phường Bạc Liêu",
            "Số 1 Hùng Vương, Phường Bạc Liêu, tỉnh Cà Mau",
            "0291 3822 222",
            f"baclieu@{base}",
            "Chủ tịch UBND Phường Bạc Liêu",
        ),
        (
            "tranvanthoi",
            "camau",
            "district",
            "Cổng TTĐT huyện Trần Văn Thời",
            "tranvanthoi",
            f"tranvanthoi.{base}",
            "Ủy ban nhân dân huyện Trần Văn Thời",
            "Khóm 9, thị trấn Trần Văn Thời, tỉnh Cà Mau",
            "0290 3895 200",
            f"tranvanthoi@{base}",
            "Chánh Văn phòng HĐND và UBND huyện",
        ),
        (
            "khanhbinh",
            "tranvanthoi",
            "commune",
            "Xã Khánh Bình",
            "khanhbinh",
            f"khanhbinh.tranvanthoi.{base}",
            "Ủy ban nhân dân xã Khánh Bình",
            "Ấp 4, xã Khánh Bình, tỉnh Cà Mau",
            "0290 3896 123",
            f"khanhbinh@{base}",
            "Chủ tịch UBND xã Khánh Bình",
        ),
        (
            "tranhoi",
            "tranvanthoi",
            "commune",
            "Xã Trần Hợi",
            "tranhoi",
            f"tranhoi.tranvanthoi.{base}",
            "Ủy ban nhân dân xã Trần Hợi",
            "Ấp 7, xã Trần Hợi, tỉnh Cà Mau",
            "0290 3897 456",
            f"tranhoi@{base}",
            "Chủ tịch UBND xã Trần Hợi",
        ),
    ]


ORGANIZATIONS = [
    # (portal slug, org slug, name, answers feedback, head)
    ("camau", "vp-ubnd-tinh", "Văn phòng UBND tỉnh Cà Mau", True, "Chánh Văn phòng"),
    ("camau", "so-tai-nguyen-moi-truong", "Sở Nông nghiệp và Môi trường tỉnh Cà Mau", True, "Giám đốc Sở"),
    ("camau", "so-xay-dung", "Sở Xây dựng tỉnh Cà Mau", True, "Giám đốc Sở"),
    ("sokhcn", "sokhcn-van-phong", "Văn phòng Sở Khoa học và Công nghệ", True, "Chánh Văn phòng"),
    ("soyt", "soyt-van-phong", "Văn phòng Sở Y tế", True, "Chánh Văn phòng"),
    ("sogddt", "sogddt-van-phong", "Văn phòng Sở Giáo dục và Đào tạo", False, "Chánh Văn phòng"),
    ("khanhbinh", "ubnd-khanh-binh", "UBND xã Khánh Bình", True, "Chủ tịch UBND xã"),
]


def seed(stdout=None):
    base = settings.PORTAL_BASE_DOMAIN
    portals = {}
    with transaction.atomic():
        for spec in _portal_specs(base):
            slug, parent, kind, name, short, domain, owner, address, phone, email, responsible = spec
            portal, _ = Portal.objects.update_or_create(
                slug=slug,
                defaults={
                    "parent": portals.get(parent),
                    "kind": kind,
                    "name": name,
                    "short_name": short,
                    "domain": domain,
                    "owner_name": owner,
                    "address": address,
                    "phone": phone,
                    "email": email,
                    "responsible_person": responsible,
                    "licence_line": f"Giấy phép số {len(portals) + 12}/GP-TTĐT do Sở KH&CN tỉnh Cà Mau cấp",
                    "description": f"Thông tin chính thống của {owner}.",
                },
            )
            portals[slug] = portal
        for portal_slug, org_slug, name, answers, head in ORGANIZATIONS:
            org, _ = Organization.objects.update_or_create(
                slug=org_slug,
                defaults={
                    "portal": portals[portal_slug],
                    "name": name,
                    "answers_feedback": answers,
                    "head_name": head,
                    "email": f"{org_slug}@{base}",
                    "phone": "0290 3831 000",
                    "address": portals[portal_slug].address,
                },
            )
            FocalOfficer.objects.update_or_create(
                organization=org,
                email=f"daumoi.{org_slug}@{base}",
                defaults={"full_name": f"Cán bộ đầu mối {name}", "position": "Chuyên viên"},
            )
        accounts = _seed_accounts(portals)
        _seed_identity(portals, base)
        _seed_merged_commune(portals, base)
    if stdout:
        stdout.write(f"Portals: {len(portals)}; organisations: {len(ORGANIZATIONS)}; board accounts: {len(accounts)}")
    return portals


def _seed_accounts(portals):
    User = get_user_model()
    usernames = []
    for slug, portal in portals.items():
        for role in DEMO_ROLES:
            username = f"{ROLE_ACCOUNT_PREFIX.get(role, role)}.{slug}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@{settings.PORTAL_BASE_DOMAIN}",
                    "is_staff": True,
                    "first_name": str(Membership.Role(role).label),
                    "last_name": portal.short_name,
                },
            )
            if created:
                user.set_password(settings.DEMO_PASSWORD)
                if role == "administrator" and portal.parent_id is None:
                    user.is_superuser = True  # the province's administrator is the system administrator
                user.save()
            Membership.objects.get_or_create(user=user, portal=portal, role=role)
            # Demo accounts: no forced password change, no second factor at login (CONTRACTS.md).
            AccountProfile.objects.update_or_create(
                user=user, defaults={"is_demo": True, "must_change_password": False}
            )
            usernames.append(username)
    return usernames


MENU = [
    # (portal slug, label, url, order)
    ("sokhcn", "Thủ tục hành chính", "/tin-tuc/thu-tuc-hanh-chinh/", 10),
    ("sokhcn", "Tiêu chuẩn đo lường chất lượng", "/tin-tuc/tieu-chuan-do-luong/", 20),
    ("khanhbinh", "Bản tin ấp, khóm", "/tin-tuc/ban-tin-ap-khom/", 10),
]


def _seed_identity(portals, base):
    for slug, label, url, order in MENU:
        MenuItem.objects.update_or_create(portal=portals[slug], label=label, defaults={"url": url, "order": order})
    PortalRequest.objects.get_or_create(
        name="Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        parent=portals["sokhcn"],
        defaults={
            "short_name": "ttudkhcn",
            "kind": Portal.Kind.UNIT,
            "owner_name": "Sở Khoa học và Công nghệ tỉnh Cà Mau",
            "proposed_domain": f"ttudkhcn.sokhcn.{base}",
            "contact_email": f"ttudkhcn@{base}",
            "reason": "Cung cấp thông tin về chuyển giao công nghệ cho người dân và doanh nghiệp.",
        },
    )


def _seed_merged_commune(portals, base):
    """Xã Khánh Bình Tây, merged into Xã Khánh Bình in the 2025 reorganisation: its old addresses redirect."""
    from components.services import portal_merge

    old, _created = Portal.objects.get_or_create(
        slug="khanhbinhtay",
        defaults={
            "parent": portals["tranvanthoi"],
            "kind": Portal.Kind.COMMUNE,
            "name": "Xã Khánh Bình Tây",
            "short_name": "khanhbinhtay",
            "domain": f"khanhbinhtay.tranvanthoi.{base}",
            "owner_name": "Ủy ban nhân dân xã Khánh Bình Tây",
            "address": "Ấp Đá Bạc, xã Khánh Bình Tây, tỉnh Cà Mau",
            "email": f"khanhbinhtay@{base}",
        },
    )
    if old.status != Portal.Status.MERGED:
        # Its board existed before the merge (CONTRACTS: <role>.<slug> for every portal); the merge moves
        # their roles to Khánh Bình, where the administrator can hand their work over or close the accounts.
        _seed_accounts({old.slug: old})
        system_admin = get_user_model().objects.get(username=f"admin.{portals['camau'].slug}")
        portal_merge(source=old, target=portals["khanhbinh"], by=system_admin)
    portals["khanhbinhtay"] = old
