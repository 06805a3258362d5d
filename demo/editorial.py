"""Demo editorial content (called by `manage.py seed_demo` after demo.components).

Per portal: a category tree, board assignments, the chief's delegation to the deputy; on the province 60+ published
Vietnamese and 6 English articles with Pillow-made images, articles in every workflow state, and legal documents
with small generated PDFs. Idempotent: rows are found by slug / number, images and files made only once.
"""

import datetime
import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm
from PIL import Image, ImageDraw, ImageFont

from components.models import Portal
from components.text import slugify_vi, unaccent
from editorial.models import (
    Article,
    AuditEvent,
    Category,
    Delegation,
    LegalDocument,
    LegalDocumentFile,
    RefusalReason,
    Revision,
    State,
    UnpublishReason,
)
from editorial.workflow import snapshot

FONT_PATHS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]

# (slug, name, parent slug, is_reference, language)
CATEGORY_TREE = [
    ("tin-tuc", "Tin tức", None, False),
    ("tin-trong-tinh", "Tin trong tỉnh", "tin-tuc", False),
    ("tin-tu-cac-don-vi", "Tin từ các đơn vị", "tin-tuc", False),
    ("chi-dao-dieu-hanh", "Chỉ đạo điều hành", None, False),
    ("tin-tham-khao", "Tin tham khảo", None, True),
    ("du-lich", "Du lịch", None, False),
    ("news", "News", None, False),
]
# Not in the category menu: "tin-tuc" is the main menu's own "Tin tức" ("News"), and "news" holds the English
# articles, which the main menu's "News" lists on /en/ (a menu saying "News" twice, or "News" on the Vietnamese page).
HIDDEN_FROM_MENU = {"tin-tuc", "news"}

# Places of the province's own local news; not the communes and wards with a portal of their own (they tell
# their stories there, and the province would otherwise show the same story twice).
PLACES = [
    "phường Bạc Liêu",
    "xã Trần Hợi",
    "xã Đất Mũi",
    "xã Năm Căn",
    "xã U Minh",
    "xã Sông Đốc",
    "xã Tân Thuận",
    "xã Hồ Thị Kỷ",
]
TOPICS = [
    ("ra quân chuyển đổi số, hướng dẫn người dân sử dụng dịch vụ công trực tuyến", "chuyển đổi số"),
    ("khánh thành tuyến đường giao thông nông thôn dài 3,5 km", "giao thông"),
    ("triển khai mô hình nuôi tôm siêu thâm canh ứng dụng công nghệ cao", "thủy sản"),
    ("trồng mới 12 ha rừng ngập mặn ven biển", "môi trường"),
    ("tổ chức ngày hội hiến máu tình nguyện với hơn 300 đơn vị máu", "y tế"),
    ("trao 50 căn nhà đại đoàn kết cho hộ nghèo", "an sinh xã hội"),
    ("ra mắt tổ công nghệ số cộng đồng", "chuyển đổi số"),
    ("khai giảng lớp dạy nghề cho lao động nông thôn", "lao động, việc làm"),
]
PROVINCE_TOPICS = [
    "Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng {month}",
    "Tỉnh Cà Mau đẩy mạnh giải ngân vốn đầu tư công những tháng cuối năm",
    "Hội nghị xúc tiến đầu tư vào lĩnh vực điện gió ngoài khơi",
    "Cà Mau đón đoàn công tác của Bộ Nông nghiệp và Môi trường",
    "Triển khai kế hoạch phòng, chống sạt lở bờ biển Tây",
    "Tổng kết công tác cải cách hành chính năm 2026",
    "Phát động phong trào thi đua xây dựng nông thôn mới nâng cao",
    "Khai mạc Lễ hội Nghinh Ông Sông Đốc",
    "Cà Mau xuất khẩu tôm đạt hơn 1,2 tỷ USD",
    "Bảo đảm an ninh trật tự dịp cuối năm",
]
# One lead per TOPICS entry, about the place: no two articles open with the same sentence.
TOPIC_LEADS = [
    "Tổ công nghệ số cộng đồng {place} hướng dẫn {n} người dân cài đặt ứng dụng VNeID và nộp hồ sơ trực tuyến.",
    "Tuyến đường bê tông rộng 3,5 m ở {place} giúp {n} hộ dân đi lại, vận chuyển nông sản thuận lợi quanh năm.",
    "{n} hộ nuôi tôm ở {place} được hỗ trợ ao lót bạt, hệ thống quạt nước và quy trình xử lý nước khép kín.",
    "Đoàn viên, thanh niên và người dân {place} trồng {n} cây đước, mắm dọc tuyến đê biển bị sạt lở.",
    "Ngày hội ở {place} tiếp nhận {n} đơn vị máu từ cán bộ, chiến sĩ lực lượng vũ trang và người dân.",
    "Mỗi căn nhà đại đoàn kết ở {place} được hỗ trợ 60 triệu đồng; {n} hộ được bà con lối xóm góp ngày công.",
    "{n} thành viên tổ công nghệ số cộng đồng {place} là cán bộ ấp, đoàn viên và giáo viên trên địa bàn.",
    "Lớp học nghề sửa chữa máy nông nghiệp ở {place} có {n} học viên, được miễn học phí và hỗ trợ tiền ăn.",
]
# Leads of the province's own stories (PROVINCE_TOPICS, TOURISM, the reference items), in their order.
PROVINCE_LEADS = [
    "Phiên họp xem xét tình hình kinh tế - xã hội, thu ngân sách và tiến độ các công trình trọng điểm trong tháng.",
    "Đến nay tỉnh đã giải ngân 72% kế hoạch vốn; các chủ đầu tư chậm tiến độ phải báo cáo hằng tuần.",
    "Hơn 40 nhà đầu tư trong và ngoài nước tìm hiểu quy hoạch vùng biển dành cho điện gió ngoài khơi.",
    "Đoàn làm việc về sản xuất lúa - tôm, chuyển đổi cây trồng và phòng, chống hạn mặn mùa khô.",
    "Tỉnh ưu tiên kè khẩn cấp 12 điểm sạt lở nguy hiểm, di dời 86 hộ dân ra khỏi vùng nguy cơ.",
    "Chỉ số hài lòng của người dân với dịch vụ hành chính công của tỉnh đạt 91,4%, tăng 3 điểm so với năm trước.",
    "Phong trào hướng tới mục tiêu 30 xã đạt chuẩn nông thôn mới nâng cao vào cuối năm.",
    "Lễ hội diễn ra trong ba ngày với lễ rước, hội đua ghe và các hoạt động văn hóa dân gian của ngư dân.",
    "Tôm tiếp tục là mặt hàng chủ lực, chiếm hơn 90% kim ngạch xuất khẩu của tỉnh.",
    "Công an tỉnh tăng cường tuần tra, kiểm soát tại các bến tàu, chợ và khu dân cư đông người.",
    "Cột mốc tọa độ quốc gia và biểu tượng con tàu hướng ra biển là điểm check-in của du khách.",
    "Những con đường mòn dưới tán rừng tràm đưa du khách đến đài quan sát và các điểm câu cá.",
    "Du khách đi xuồng len lỏi giữa những cánh rừng đước, nghe người dân kể chuyện gác kèo ong.",
    "Cua gạch, cua thịt vào mùa chắc thịt nhất; nhiều cơ sở đã có chứng nhận truy xuất nguồn gốc.",
    "Các hộ làm homestay được tập huấn kỹ năng đón khách, giữ gìn cảnh quan và ẩm thực địa phương.",
    "Chợ họp từ tờ mờ sáng trên sông Gành Hào, ghe thuyền chở trái cây, rau củ từ các xã về.",
    "Bài viết tổng hợp ý kiến người dân về quy hoạch, mang tính tham khảo.",
    "Theo phản ánh của một số hộ dân, giá lúa giống đầu vụ tăng 10–15% so với vụ trước.",
]
LEADS = [
    "Sáng nay, lãnh đạo địa phương cùng đông đảo người dân đã tham dự sự kiện.",
    "Đây là một trong những nhiệm vụ trọng tâm của địa phương trong năm 2026.",
    "Hoạt động nhận được sự quan tâm, hưởng ứng tích cực của người dân và doanh nghiệp.",
    "Kết quả này góp phần hoàn thành các chỉ tiêu phát triển kinh tế - xã hội của tỉnh.",
]
PARAGRAPHS = [
    "Phát biểu tại buổi lễ, đại diện Ủy ban nhân dân cho biết địa phương đã chủ động xây dựng kế hoạch, phân công "
    "trách nhiệm cụ thể cho từng cơ quan, đơn vị và thường xuyên kiểm tra, đôn đốc việc thực hiện.",
    "Theo báo cáo, từ đầu năm đến nay, các chỉ tiêu chủ yếu đều đạt và vượt kế hoạch; đời sống vật chất, tinh thần "
    "của người dân tiếp tục được nâng lên, quốc phòng, an ninh được giữ vững.",
    "Bên cạnh kết quả đạt được, vẫn còn một số khó khăn như nguồn lực đầu tư hạn chế, thời tiết diễn biến phức tạp, "
    "giá cả vật tư nông nghiệp tăng cao ảnh hưởng đến sản xuất của người dân.",
    "Thời gian tới, địa phương tiếp tục tập trung cải cách thủ tục hành chính, đẩy mạnh ứng dụng công nghệ thông tin, "
    "nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    "Dịp này, nhiều tập thể, cá nhân có thành tích xuất sắc đã được khen thưởng, động viên kịp thời.",
]
AUTHORS = ["Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Hoàng Phúc", "Phạm Ngọc Ánh", "Võ Thanh Tùng", "Huỳnh Kim Ngân"]
SOURCES = [
    "Văn phòng UBND tỉnh",
    "Báo Cà Mau",
    "Đài Phát thanh - Truyền hình Cà Mau",
    "Sở Văn hóa, Thể thao và Du lịch",
]
TOURISM = [
    "Khám phá Mũi Cà Mau, điểm cực Nam thiêng liêng của Tổ quốc",
    "Vườn quốc gia U Minh Hạ hút khách dịp cuối tuần",
    "Du lịch sinh thái rừng ngập mặn Năm Căn",
    "Đặc sản cua Cà Mau vào mùa ngon nhất",
    "Homestay miệt vườn: hướng đi mới cho du lịch cộng đồng",
    "Chợ nổi Cà Mau: nét văn hóa sông nước miền Tây",
]
ENGLISH = [
    ("Ca Mau promotes mangrove eco-tourism", "The province welcomes visitors to its mangrove forests and Cape Ca Mau."),
    ("Ca Mau shrimp exports exceed 1.2 billion USD", "Hi-tech shrimp farming lifts the province's export value."),
    ("Offshore wind investment conference held in Ca Mau", "Investors discuss wind power projects off the coast."),
    ("U Minh Ha National Park opens new trails", "New walking trails lead through the melaleuca forest."),
    ("Ca Mau speeds up digital transformation", "Online public services now cover most administrative procedures."),
    ("Nghinh Ong festival draws thousands to Song Doc", "The traditional fishermen's festival opens in Song Doc."),
]
COLORS = [((0, 94, 160), (0, 170, 200)), ((160, 30, 40), (230, 120, 60)), ((20, 110, 60), (120, 190, 90))]

# (number and symbol, document type, title, field); validity links are set in _documents().
DOCUMENTS = [
    (
        "25/2026/QĐ-UBND",
        "quyet-dinh",
        "Ban hành Quy chế hoạt động của Cổng Thông tin điện tử tỉnh Cà Mau",
        "Công nghệ thông tin",
    ),
    (
        "12/2020/QĐ-UBND",
        "quyet-dinh",
        "Ban hành Quy chế quản lý Cổng Thông tin điện tử tỉnh (đã được thay thế)",
        "Công nghệ thông tin",
    ),
    (
        "30/2026/QĐ-UBND",
        "quyet-dinh",
        "Quy định giá dịch vụ thu gom, vận chuyển rác thải sinh hoạt",
        "Tài nguyên, môi trường",
    ),
    ("08/2025/QĐ-UBND", "quyet-dinh", "Quy định mức hỗ trợ đầu tư hạ tầng nuôi trồng thủy sản", "Nông nghiệp"),
    ("15/2026/QĐ-UBND", "quyet-dinh", "Sửa đổi, bổ sung một số điều của Quyết định số 08/2025/QĐ-UBND", "Nông nghiệp"),
    ("05/NQ-HĐND", "nghi-quyet", "Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030", "Đầu tư"),
    ("11/NQ-HĐND", "nghi-quyet", "Nghị quyết quy định chính sách hỗ trợ học sinh vùng khó khăn", "Giáo dục"),
    ("02/CT-UBND", "chi-thi", "Chỉ thị về tăng cường công tác phòng, chống cháy rừng mùa khô", "Lâm nghiệp"),
    ("07/CT-UBND", "chi-thi", "Chỉ thị về đẩy mạnh cải cách hành chính và chuyển đổi số", "Cải cách hành chính"),
    ("145/KH-UBND", "ke-hoach", "Kế hoạch tổ chức Lễ hội Nghinh Ông Sông Đốc năm 2026", "Văn hóa"),
    (
        "210/KH-UBND",
        "ke-hoach",
        "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026",
        "Phòng chống thiên tai",
    ),
    ("3125/UBND-KT", "cong-van", "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công", "Đầu tư"),
    ("412/TB-VP", "thong-bao", "Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban", "Chỉ đạo điều hành"),
    (
        "19/2024/QĐ-UBND",
        "quyet-dinh",
        "Quy định về quản lý trật tự xây dựng trên địa bàn tỉnh (hết hiệu lực)",
        "Xây dựng",
    ),
    ("21/2026/QĐ-UBND", "quyet-dinh", "Ban hành Quy định phân cấp quản lý trật tự xây dựng", "Xây dựng"),
    (
        "33/2026/QĐ-UBND",
        "quyet-dinh",
        "Quy định tiêu chí xét tặng danh hiệu Công dân Cà Mau tiêu biểu",
        "Thi đua, khen thưởng",
    ),
]
SIGNERS = ["Phạm Thành Ngại", "Lâm Văn Bi", "Nguyễn Minh Luân", "Lê Văn Sử"]


def minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF showing `text` (ASCII, Helvetica), with a correct xref table."""
    safe = unaccent(text).encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 16 Tf 60 760 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _font(size):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def gradient_image(text: str, index: int) -> bytes:
    """A 800×450 JPEG: a coloured gradient with the title written on it."""
    start, end = COLORS[index % len(COLORS)]
    width, height = 800, 450
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / (width - 1)
        draw.line([(x, 0), (x, height)], fill=tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True)))
    font = _font(34)
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width - 80 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = height // 2 - 24 * len(lines[:5])
    for text_line in lines[:5]:
        draw.text((40, y), text_line, font=font, fill=(255, 255, 255))
        y += 48
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78)
    return buffer.getvalue()


def _categories(portal):
    made = {}
    for order, (slug, name, parent, is_reference) in enumerate(CATEGORY_TREE):
        category = Category.objects.filter(portal=portal, slug=slug).first()
        if category is None:
            category = Category.objects.create(
                portal=portal,
                slug=slug,
                name=name,
                name_en={"tin-tuc": "News", "du-lich": "Tourism"}.get(slug, ""),
                parent=made.get(parent),
                is_reference=is_reference,
                sort_order=order,
                show_in_menu=slug not in HIDDEN_FROM_MENU,
            )
        made[slug] = category
    # A demo seeded before the menu stopped repeating "News" is brought up to date.
    Category.objects.filter(portal=portal, slug__in=HIDDEN_FROM_MENU, show_in_menu=True).update(show_in_menu=False)
    return made


def _board(portal, categories):
    User = get_user_model()
    users = {u.username.split(".")[0]: u for u in User.objects.filter(username__endswith=f".{portal.slug}")}
    if "member" in users:
        for slug in ("tin-tuc", "du-lich", "news"):
            assign_perm("editorial.review_category", users["member"], categories[slug])
    if "secretary" in users:
        for slug in ("tin-tuc", "chi-dao-dieu-hanh", "tin-tham-khao", "du-lich", "news"):
            assign_perm("editorial.review_category", users["secretary"], categories[slug])
    if "chief" in users and "deputy" in users:
        today = timezone.localdate()
        if not Delegation.objects.active(today).filter(portal=portal, deputy=users["deputy"]).exists():
            Delegation.objects.create(
                portal=portal,
                chief=users["chief"],
                deputy=users["deputy"],
                valid_from=today - datetime.timedelta(days=30),
                valid_to=today + datetime.timedelta(days=365),
                scope_note="Duyệt, xuất bản tin khi Trưởng ban đi công tác",
            )
    return users


# The path an item took to reach each state: (action, from, to, actor role, comment).
PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: [("submit", "draft", "submitted", "contributor", "")],
    State.IN_REVIEW: [
        ("submit", "draft", "submitted", "contributor", ""),
        ("forward", "submitted", "in_review", "member", "Đã biên tập lại phần mở đầu."),
    ],
    State.AWAITING_APPROVAL: [
        ("submit", "draft", "submitted", "contributor", ""),
        ("forward", "submitted", "in_review", "member", ""),
        ("forward", "in_review", "awaiting_approval", "secretary", "Đề nghị Trưởng ban duyệt."),
    ],
    State.RETURNED: [
        ("submit", "draft", "submitted", "contributor", ""),
        ("return", "submitted", "returned", "member", "Đề nghị bổ sung nguồn ảnh và tên người phát biểu."),
    ],
    State.REFUSED: [
        ("submit", "draft", "submitted", "contributor", ""),
        ("forward", "submitted", "in_review", "member", ""),
        ("forward", "in_review", "awaiting_approval", "secretary", ""),
        ("refuse", "awaiting_approval", "refused", "chief", "Thông tin trùng với bài đã đăng ngày 12/11."),
    ],
}
_PUBLISHED_PATH = PATHS[State.AWAITING_APPROVAL] + [("approve", "awaiting_approval", "published", "chief", "")]
PATHS[State.PUBLISHED] = _PUBLISHED_PATH
PATHS[State.SCHEDULED] = PATHS[State.AWAITING_APPROVAL] + [
    ("schedule", "awaiting_approval", "scheduled", "chief", "Đăng vào sáng thứ Hai.")
]
PATHS[State.UNPUBLISHED] = _PUBLISHED_PATH + [("unpublish", "published", "unpublished", "chief", "Đăng nhầm số liệu.")]
PATHS[State.ARCHIVED] = _PUBLISHED_PATH + [("archive", "published", "archived", "chief", "")]
PATHS[State.EXPIRED] = _PUBLISHED_PATH + [("expire", "published", "expired", None, "")]


def _history(obj, users, state, when):
    """Revision 1 and the audit rows of the path that brought `obj` to `state` (written once, with the item)."""
    content_type = ContentType.objects.get_for_model(obj)
    author = users.get("contributor")
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=obj.pk,
        number=1,
        version=1,
        snapshot=snapshot(obj),
        author=author,
        state=State.DRAFT,
        created_at=when,
    )
    events = [
        AuditEvent(
            portal_id=obj.portal_id,
            actor=author,
            actor_name=author.get_full_name() if author else "",
            action="create",
            content_type=content_type,
            object_id=obj.pk,
            object_repr=str(obj)[:500],
            to_state=State.DRAFT,
            revision=revision,
            created_at=when,
        )
    ]
    for step, (action, source, target, role, comment) in enumerate(PATHS[state], start=1):
        actor = users.get(role) if role else None
        events.append(
            AuditEvent(
                portal_id=obj.portal_id,
                actor=actor,
                actor_name=(actor.get_full_name() or actor.username) if actor else "Hệ thống (lịch xuất bản)",
                action=action,
                content_type=content_type,
                object_id=obj.pk,
                object_repr=str(obj)[:500],
                from_state=source,
                to_state=target,
                comment=comment,
                reason={"refuse": RefusalReason.DUPLICATE, "unpublish": UnpublishReason.ERROR}.get(action, ""),
                revision=revision,
                created_at=when + datetime.timedelta(hours=step),
            )
        )
    AuditEvent.objects.bulk_create(events)


def _article(portal, category, users, *, index, title, summary, state, when, language="vi", is_reference=False):
    slug = slugify_vi(title, max_length=200)
    existing = Article.objects.filter(portal=portal, slug=slug).first()
    if existing is not None:
        return existing, False
    # The first paragraph is the article's own (its lead and where it comes from); two general ones follow.
    source = SOURCES[index % len(SOURCES)]
    opening = f"{summary} Thông tin do {source} cung cấp ngày {when:%d/%m/%Y}."
    body = f"<p>{opening}</p>" + "".join(f"<p>{PARAGRAPHS[(index + k) % len(PARAGRAPHS)]}</p>" for k in range(2))
    if language == "en":
        body = f"<p>{summary}</p><p>The provincial People's Committee says more events are planned this year.</p>"
    article = Article(
        portal=portal,
        category=category,
        title=title,
        slug=slug,
        summary=summary,
        body=body,
        image_caption=title[:120],
        author_name=AUTHORS[index % len(AUTHORS)],
        source=SOURCES[index % len(SOURCES)] if language == "vi" else "Ca Mau Provincial Portal",
        is_reference=is_reference,
        is_featured=index % 9 == 0,
        language=language,
        state=state,
        created_by=users.get("contributor"),
    )
    live_states = (State.PUBLISHED, State.UNPUBLISHED, State.ARCHIVED, State.EXPIRED)
    if state in live_states:
        article.published_at = article.first_published_at = when
    if state == State.SCHEDULED:
        article.go_live_at = timezone.now() + datetime.timedelta(days=2, hours=index % 5)
    if state == State.EXPIRED:
        article.expire_at = when + datetime.timedelta(days=3)
    if state == State.REFUSED:
        article.refusal_reason = RefusalReason.DUPLICATE
    if state == State.UNPUBLISHED:
        article.unpublish_reason, article.unpublished_at = UnpublishReason.ERROR, when + datetime.timedelta(days=1)
    article.featured_image.save(f"{slug[:60]}.jpg", ContentFile(gradient_image(title, index)), save=False)
    article.save()
    _history(article, users, state, when)
    return article, True


def _province_articles(portal, categories, users, now):
    created = 0
    index = 0
    # 60 published Vietnamese articles.
    titles = []
    leads = iter(PROVINCE_LEADS)
    for month_shift, template in enumerate(PROVINCE_TOPICS):
        titles.append(
            (categories["chi-dao-dieu-hanh"], template.format(month=11 - month_shift % 3), False, next(leads))
        )
    for title in TOURISM:
        titles.append((categories["du-lich"], title, False, next(leads)))
    for title in ["Thông tin về dự án khu đô thị mới ven sông Gành Hào", "Người dân phản ánh về giá lúa giống tăng"]:
        titles.append((categories["tin-tham-khao"], title, True, next(leads)))
    for place_index, place in enumerate(PLACES):
        for topic_index, (topic, _field) in enumerate(TOPICS):
            parent = "tin-trong-tinh" if place_index % 3 else "tin-tu-cac-don-vi"
            lead = TOPIC_LEADS[topic_index].format(place=place, n=20 + 7 * place_index + 3 * topic_index)
            titles.append(
                (categories[parent], f"{place[0].upper()}{place[1:]} {topic}", False, lead[0].upper() + lead[1:])
            )
    for category, title, reference, summary in titles[:66]:
        when = now - datetime.timedelta(days=index % 60, hours=index % 7)
        _, made = _article(
            portal,
            category,
            users,
            index=index,
            title=title,
            summary=summary,
            state=State.PUBLISHED,
            when=when,
            is_reference=reference,
        )
        created += made
        index += 1
    for number, (title, summary) in enumerate(ENGLISH):
        _, made = _article(
            portal,
            categories["news"],
            users,
            index=index + number,
            title=title,
            summary=summary,
            state=State.PUBLISHED,
            when=now - datetime.timedelta(days=number * 3),
            language="en",
        )
        created += made
    # One article in every other state, so every screen of the workflow has something to show.
    for number, state in enumerate(
        [s for s in State if s != State.PUBLISHED] + [State.SUBMITTED, State.AWAITING_APPROVAL], start=1
    ):
        title = f"Bài mẫu trạng thái “{State(state).label}” số {number}: hội nghị giao ban báo chí quý IV"
        _, made = _article(
            portal,
            categories["tin-trong-tinh"],
            users,
            index=100 + number,
            title=title,
            summary=LEADS[number % len(LEADS)],
            state=state,
            when=now - datetime.timedelta(days=number),
        )
        created += made
    created += _pending_edit(portal, categories, users, now)
    return created


def _pending_edit(portal, categories, users, now):
    """A published article whose correction waits for approval while the live version stays up."""
    article, made = _article(
        portal,
        categories["tin-trong-tinh"],
        users,
        index=99,
        title="Thu ngân sách nhà nước 10 tháng đạt 85% dự toán",
        summary="Tổng thu ngân sách trên địa bàn tỉnh 10 tháng ước đạt 85% dự toán, tăng 9% so với cùng kỳ.",
        state=State.PUBLISHED,
        when=now - datetime.timedelta(days=4),
    )
    if not made:
        return 0
    data = snapshot(article)
    data["summary"] = "Thu ngân sách nhà nước 10 tháng đạt 87,5% dự toán (số liệu đã được Sở Tài chính điều chỉnh)."
    editor = users.get("member")
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(article),
        object_id=article.pk,
        number=2,
        version=2,
        snapshot=data,
        author=editor,
        state=State.SUBMITTED,
        note="Sửa bản đang đăng",
    )
    Article.objects.filter(pk=article.pk).update(pending_revision=revision, pending_state=State.SUBMITTED, version=2)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                portal_id=portal.pk,
                actor=editor,
                actor_name=editor.get_full_name() if editor else "",
                action=action,
                content_type=revision.content_type,
                object_id=article.pk,
                object_repr=str(article),
                from_state=source,
                to_state=target,
                revision=revision,
                comment=comment,
                created_at=now - datetime.timedelta(hours=hours),
            )
            for action, source, target, comment, hours in [
                ("edit", State.DRAFT, State.DRAFT, "", 3),
                ("submit", State.DRAFT, State.SUBMITTED, "Cập nhật số liệu theo báo cáo của Sở Tài chính.", 2),
            ]
        ]
    )
    return 0


# A department's own stories (a commune or ward tells the TOPICS of its area instead): (title, lead).
DEPARTMENT_STORIES = {
    "sokhcn": [
        (
            "Nghiệm thu đề tài nuôi cua giống bằng công nghệ tuần hoàn",
            "Tỷ lệ cua con sống đạt 12%, gấp ba cách nuôi cũ.",
        ),
        (
            "Hỗ trợ 15 doanh nghiệp xây dựng mã số vùng trồng và truy xuất nguồn gốc",
            "Mỗi doanh nghiệp được hỗ trợ đến 50 triệu đồng.",
        ),
        (
            "Công bố danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027",
            "Ưu tiên nhiệm vụ về thủy sản, năng lượng tái tạo và chuyển đổi số.",
        ),
        (
            "Khai mạc Ngày hội khởi nghiệp đổi mới sáng tạo tỉnh",
            "32 dự án khởi nghiệp của học sinh, sinh viên và doanh nghiệp trẻ tham gia.",
        ),
        (
            "Chuyển giao quy trình sản xuất phân hữu cơ từ phụ phẩm tôm",
            "Hợp tác xã được chuyển giao thiết bị ủ và hướng dẫn kỹ thuật trong sáu tháng.",
        ),
        (
            "Tập huấn sở hữu trí tuệ cho chủ thể OCOP",
            "Học viên được hướng dẫn đăng ký nhãn hiệu và chỉ dẫn địa lý cho sản phẩm.",
        ),
    ],
    "soyt": [
        (
            "Triển khai tiêm vắc xin sởi cho trẻ từ 1 đến 5 tuổi",
            "Chiến dịch diễn ra tại 64 trạm y tế xã, phường đến hết tháng.",
        ),
        (
            "Bệnh viện Đa khoa tỉnh thực hiện thành công ca phẫu thuật nội soi tim",
            "Bệnh nhân 58 tuổi đã xuất viện sau năm ngày điều trị.",
        ),
        (
            "Khám sàng lọc bệnh không lây nhiễm cho người cao tuổi",
            "Hơn 2.000 người được đo huyết áp, đường huyết và tư vấn dinh dưỡng.",
        ),
        (
            "Tăng cường kiểm tra an toàn thực phẩm tại bếp ăn trường học",
            "Đoàn kiểm tra lấy mẫu thực phẩm tại 40 bếp ăn tập thể.",
        ),
        (
            "Ra mắt sổ sức khỏe điện tử trên ứng dụng VNeID",
            "Người dân tra cứu lịch sử khám, chữa bệnh và tiêm chủng của mình.",
        ),
        (
            "Phòng, chống sốt xuất huyết trong mùa mưa",
            "Ngành y tế phát động chiến dịch diệt lăng quăng tại các khu dân cư.",
        ),
    ],
}


def _component_articles(portal, categories, users, now):
    """Six stories of the unit (five published, one awaiting review), starting at a topic of its own, so that the
    province's "Tin từ các đơn vị" does not show the same story from every unit."""
    created = 0
    place = portal.name[0].lower() + portal.name[1:]  # "xã Khánh Bình", "phường An Xuyên"
    for number in range(6):
        if portal.slug in DEPARTMENT_STORIES:
            title, lead = DEPARTMENT_STORIES[portal.slug][number]
        else:
            topic_index = (portal.pk * 3 + number) % len(TOPICS)
            title = f"{portal.name} {TOPICS[topic_index][0]}"
            lead = TOPIC_LEADS[topic_index].format(place=place, n=15 + 4 * number + portal.pk)
        _, made = _article(
            portal,
            categories["tin-tuc"],
            users,
            index=number + portal.pk,
            title=title,
            summary=lead[0].upper() + lead[1:],
            state=State.PUBLISHED if number < 5 else State.SUBMITTED,
            when=now - datetime.timedelta(days=number * 2, hours=portal.pk % 5),
        )
        created += made
    return created


# The component portals' own menu items (demo/components.py MENU) lead to these categories: each has its articles.
# (portal slug, category slug, name, [(title, summary)])
OWN_CATEGORIES = [
    (
        "sokhcn",
        "thu-tuc-hanh-chinh",
        "Thủ tục hành chính",
        [
            (
                "Hướng dẫn thủ tục cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                "Hồ sơ gồm tờ khai, điều lệ tổ chức và danh sách nhân lực; thời hạn giải quyết 15 ngày làm việc.",
            ),
            (
                "Tiếp nhận hồ sơ đăng ký quyền sở hữu công nghiệp qua dịch vụ công trực tuyến",
                "Tổ chức, cá nhân nộp hồ sơ và lệ phí trực tuyến, theo dõi tiến độ bằng mã hồ sơ.",
            ),
        ],
    ),
    (
        "sokhcn",
        "tieu-chuan-do-luong",
        "Tiêu chuẩn đo lường chất lượng",
        [
            (
                "Kiểm định miễn phí cân đối chứng tại các chợ trên địa bàn tỉnh",
                "Chi cục Tiêu chuẩn Đo lường Chất lượng kiểm định 120 cân đối chứng đặt tại 60 chợ.",
            ),
            (
                "Kiểm tra chất lượng xăng dầu tại 35 cửa hàng bán lẻ",
                "Đoàn kiểm tra lấy mẫu xăng, dầu diesel để thử nghiệm chỉ tiêu trị số octan và hàm lượng lưu huỳnh.",
            ),
        ],
    ),
    (
        "khanhbinh",
        "ban-tin-ap-khom",
        "Bản tin ấp, khóm",
        [
            (
                "Ấp Đồng Tâm ra mắt tổ tự quản bảo vệ an ninh trật tự",
                "Tổ gồm 12 thành viên, tuần tra vào ban đêm và phối hợp với công an xã tiếp nhận tin báo.",
            ),
            (
                "Khóm 3 hoàn thành nạo vét kênh thoát nước trước mùa mưa",
                "Người dân đóng góp hơn 200 ngày công, nạo vét 1,2 km kênh nội đồng.",
            ),
        ],
    ),
]


def _own_categories(portal, users, now):
    created = 0
    for number, (portal_slug, slug, name, articles) in enumerate(OWN_CATEGORIES):
        if portal.slug != portal_slug:
            continue
        category = Category.objects.filter(portal=portal, slug=slug).first() or Category.objects.create(
            portal=portal, slug=slug, name=name, sort_order=20 + number, show_in_menu=False
        )
        for offset, (title, summary) in enumerate(articles):
            _, made = _article(
                portal,
                category,
                users,
                index=portal.pk + 10 * number + offset,
                title=title,
                summary=summary,
                state=State.PUBLISHED,
                when=now - datetime.timedelta(days=3 * offset + number + 1, hours=2),
            )
            created += made
    return created


def _documents(portal, users, now):
    created = 0
    rows = {}
    for index, (number, doc_type, title, field) in enumerate(DOCUMENTS):
        document = LegalDocument.objects.filter(portal=portal, number=number).first()
        if document is None:
            issuer = "Hội đồng nhân dân tỉnh Cà Mau" if doc_type == "nghi-quyet" else "Ủy ban nhân dân tỉnh Cà Mau"
            parts = number.split("/")
            year = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 2026
            issued = datetime.date(year, 1 + index % 10, 2 + index)
            document = LegalDocument(
                portal=portal,
                number=number,
                doc_type=doc_type,
                issuing_body=issuer,
                signer=SIGNERS[index % len(SIGNERS)],
                issued_on=issued,
                effective_on=issued + datetime.timedelta(days=10),
                field=field,
                title=title,
                summary=f"{title}. Văn bản gồm các quy định chung, quy định cụ thể và điều khoản thi hành.",
                state=State.PUBLISHED if index != 6 else State.AWAITING_APPROVAL,
                created_by=users.get("contributor"),
            )
            if document.state == State.PUBLISHED:
                document.published_at = document.first_published_at = now - datetime.timedelta(days=index)
            document.save()
            attachment = LegalDocumentFile(document=document, title=f"Toàn văn {number}")
            pdf = minimal_pdf(f"{number} - {title}")
            attachment.file.save(f"{slugify_vi(number)}.pdf", ContentFile(pdf), save=False)
            attachment.size, attachment.content_type = len(pdf), "application/pdf"
            attachment.save()
            _history(document, users, document.state, now - datetime.timedelta(days=index + 1))
            created += 1
        rows[number] = document
    # Validity links: a replaced regulation, an amended one, an expired one.
    links = [
        ("25/2026/QĐ-UBND", "replaces", "12/2020/QĐ-UBND", "replaced"),
        ("15/2026/QĐ-UBND", "amends", "08/2025/QĐ-UBND", "amended"),
        ("21/2026/QĐ-UBND", "replaces", "19/2024/QĐ-UBND", "replaced"),
    ]
    for newer, relation, older, validity in links:
        getattr(rows[newer], relation).add(rows[older])
        if rows[older].validity != validity:
            LegalDocument.objects.filter(pk=rows[older].pk).update(validity=validity)
    return created


def seed(stdout=None):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    totals = {"articles": 0, "documents": 0}
    with transaction.atomic():
        for portal in Portal.objects.order_by("tree_id", "lft"):
            categories = _categories(portal)
            users = _board(portal, categories)
            if portal.parent_id is None:
                totals["articles"] += _province_articles(portal, categories, users, now)
                totals["documents"] += _documents(portal, users, now)
            elif portal.slug in ("sokhcn", "soyt", "anxuyen", "tranvanthoi", "khanhbinh"):
                totals["articles"] += _component_articles(portal, categories, users, now)
                totals["articles"] += _own_categories(portal, users, now)
    if stdout:
        stdout.write(
            f"Editorial: {totals['articles']} articles and {totals['documents']} legal documents created "
            f"({Article.objects.count()} articles, {LegalDocument.objects.count()} documents in total)"
        )
    return totals
