"""Demo data of the public site (called by `manage.py seed_demo` after editorial and feedback).

Idempotent: rows are found by natural keys and updated, so running it twice gives the same rows.
Leaders get generated portrait placeholders (initials on a coloured disc, made with Pillow); the week's
schedule is relative to today; one consultation is open today, one closed.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from components.models import Portal
from components.text import slugify_vi
from editorial.models import ConsultationComment, ConsultationDraft, Leader, WorkScheduleEntry

LEADERS = [
    # (name, position, phone, spokesperson, biography)
    (
        "Nguyễn Văn Minh",
        "Chủ tịch UBND tỉnh",
        "0290 3831 001",
        False,
        "Sinh năm 1970, quê Cà Mau. Thạc sĩ Quản lý công.",
    ),
    ("Trần Thị Hạnh", "Phó Chủ tịch UBND tỉnh", "0290 3831 002", False, "Sinh năm 1975. Tiến sĩ Kinh tế."),
    ("Lê Quốc Bảo", "Phó Chủ tịch UBND tỉnh", "0290 3831 003", False, "Sinh năm 1972. Kỹ sư Thủy lợi."),
    ("Phạm Thu Trang", "Chánh Văn phòng UBND tỉnh", "0290 3831 004", True, "Người phát ngôn của UBND tỉnh."),
]
LEADERS_EN = [
    ("Nguyen Van Minh", "Chairman of the Provincial People's Committee", "0290 3831 001", False),
    ("Pham Thu Trang", "Chief of Office of the Provincial People's Committee", "0290 3831 004", True),
]
COLOURS = [(165, 14, 36), (11, 79, 156), (27, 94, 32), (92, 68, 0)]


def _portrait(name, colour):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 240), (245, 245, 247))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 220, 220), fill=colour)
    draw.ellipse((85, 55, 155, 125), fill=(255, 255, 255))
    draw.pieslice((55, 130, 185, 260), 180, 360, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{slugify_vi(name)}.png")


def _published(portal, language="vi"):
    now = timezone.now()
    return {
        "portal": portal,
        "state": "published",
        "language": language,
        "published_at": now - datetime.timedelta(days=1),
    }


def seed(stdout=None):
    province = Portal.objects.filter(parent=None).order_by("tree_id").first()
    if province is None:
        return
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    with transaction.atomic():
        leaders = []
        for index, (name, position, phone, spokesperson, bio) in enumerate(LEADERS):
            leader, _ = Leader.objects.update_or_create(
                portal=province,
                full_name=name,
                language="vi",
                defaults={
                    **_published(province),
                    "position": position,
                    "phone": phone,
                    "email": f"{slugify_vi(name).replace('-', '')}@camau.gov.vn",
                    "is_spokesperson": spokesperson,
                    "biography": bio,
                    "order": index,
                },
            )
            if not leader.photo:
                leader.photo.save(f"{slugify_vi(name)}.png", _portrait(name, COLOURS[index % len(COLOURS)]))
            leaders.append(leader)
        for index, (name, position, phone, spokesperson) in enumerate(LEADERS_EN):
            Leader.objects.update_or_create(
                portal=province,
                full_name=name,
                language="en",
                defaults={
                    **_published(province, "en"),
                    "position": position,
                    "phone": phone,
                    "is_spokesperson": spokesperson,
                    "order": index,
                },
            )

        plan = [
            (0, datetime.time(8, 0), "Họp giao ban Thường trực UBND tỉnh", "Phòng họp A, UBND tỉnh", [0, 1, 2]),
            (
                1,
                datetime.time(14, 0),
                "Làm việc với Sở Nông nghiệp và Môi trường về phòng chống sạt lở",
                "Sở NN&MT",
                [2],
            ),
            (2, datetime.time(8, 30), "Tiếp công dân định kỳ", "Trụ sở Tiếp công dân tỉnh", [0]),
            (3, datetime.time(9, 0), "Dự Hội nghị chuyển đổi số tỉnh", "Trung tâm Hội nghị tỉnh", [1]),
            (4, datetime.time(15, 0), "Họp báo thông tin định kỳ", "Văn phòng UBND tỉnh", [3]),
        ]
        for offset, start, content, location, who in plan:
            entry, _ = WorkScheduleEntry.objects.update_or_create(
                portal=province,
                date=monday + datetime.timedelta(days=offset),
                content=content,
                defaults={
                    **_published(province),
                    "start_time": start,
                    "location": location,
                    "participants": "Lãnh đạo các sở, ngành liên quan",
                },
            )
            entry.leaders.set([leaders[i] for i in who])

        open_draft, _ = ConsultationDraft.objects.update_or_create(
            portal=province,
            slug="du-thao-nghi-quyet-ho-tro-chuyen-doi-so",
            defaults={
                **_published(province),
                "title": "Dự thảo Nghị quyết quy định chính sách hỗ trợ chuyển đổi số cấp xã",
                "summary": "Lấy ý kiến rộng rãi của Nhân dân về chính sách hỗ trợ chuyển đổi số cho các xã, phường.",
                "body": "<p><strong>Điều 1. Phạm vi điều chỉnh</strong></p><p>Nghị quyết này quy định chính sách hỗ trợ"
                " chuyển đổi số cấp xã trên địa bàn tỉnh.</p><p><strong>Điều 2. Đối tượng áp dụng</strong></p>"
                "<p>UBND các xã, phường, đặc khu và tổ chức, cá nhân có liên quan.</p>",
                "drafting_agency": "Sở Khoa học và Công nghệ tỉnh Cà Mau",
                "starts_on": today - datetime.timedelta(days=10),
                "ends_on": today + datetime.timedelta(days=20),
            },
        )
        for name, body in [
            ("Nguyễn Thị Lan", "Đề nghị bổ sung hỗ trợ đào tạo kỹ năng số cho cán bộ ấp, khóm."),
            ("Hợp tác xã Tân Tiến", "Đề nghị mở rộng đối tượng sang hợp tác xã nông nghiệp."),
        ]:
            ConsultationComment.objects.update_or_create(
                draft=open_draft,
                name=name,
                defaults={"email": f"{slugify_vi(name)}@example.com", "body": body, "status": "approved"},
            )
        ConsultationComment.objects.update_or_create(
            draft=open_draft,
            name="Người gửi chưa duyệt",
            defaults={"email": "chua-duyet@example.com", "body": "Góp ý đang chờ kiểm duyệt.", "status": "pending"},
        )
        ConsultationDraft.objects.update_or_create(
            portal=province,
            slug="du-thao-quy-dinh-quan-ly-cho",
            defaults={
                **_published(province),
                "title": "Dự thảo Quyết định ban hành Quy định quản lý chợ trên địa bàn tỉnh",
                "summary": "Đã kết thúc lấy ý kiến.",
                "body": "<p>Quy định về phân hạng, quản lý và khai thác chợ.</p>",
                "drafting_agency": "Sở Công Thương tỉnh Cà Mau",
                "starts_on": today - datetime.timedelta(days=60),
                "ends_on": today - datetime.timedelta(days=30),
            },
        )
    if stdout is not None:
        stdout.write("  leaders, this week's schedule, consultation drafts (one open, one closed)")
