"""Demo questions in every state, agencies' focal-officer accounts (called by `manage.py seed_demo`).

Rows are written directly (not through the services) so seeding sends no email; dates are relative to the day
the seed first runs, and rows are created once and never rewritten, so a second run changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from components.models import FocalOfficer, Organization, Portal
from feedback.calendar import add_working_days, local_today, working_days_between
from feedback.forms import CONSENT_TEXT
from feedback.models import Assignment, Event, Field, Question, Reply, deadline_days

FIELDS = [
    ("Đất đai", "dat-dai"),
    ("Xây dựng, nhà ở", "xay-dung-nha-o"),
    ("Y tế", "y-te"),
    ("Giáo dục", "giao-duc"),
    ("Giao thông", "giao-thong"),
    ("Môi trường", "moi-truong"),
    ("Khoa học và công nghệ", "khoa-hoc-cong-nghe"),
    ("Lao động, việc làm", "lao-dong-viec-lam"),
]

# (state, portal slug, agency slug, field slug, klass, name, title, body, answer)
QUESTIONS = [
    (
        "new",
        "camau",
        None,
        "dat-dai",
        "",
        "Nguyễn Văn An",
        "Thủ tục tách thửa đất nông nghiệp",
        "Gia đình tôi có 2.000 m² đất trồng lúa, muốn tách thửa cho con thì cần điều kiện gì?",
        "",
    ),
    (
        "new",
        "camau",
        None,
        "giao-thong",
        "",
        "Trần Thị Bích",
        "Đường ấp Cái Rắn xuống cấp",
        "Đoạn đường ấp Cái Rắn dài khoảng 1 km bị sạt lở, xe hai bánh đi lại rất nguy hiểm.",
        "",
    ),
    (
        "new",
        "sokhcn",
        None,
        "khoa-hoc-cong-nghe",
        "",
        "Lê Hoàng Phúc",
        "Đăng ký nhiệm vụ khoa học cấp tỉnh",
        "Doanh nghiệp có được đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh không?",
        "",
    ),
    (
        "new",
        "khanhbinh",
        None,
        "lao-dong-viec-lam",
        "",
        "Phạm Thị Hạnh",
        "Hỗ trợ học nghề cho lao động nông thôn",
        "Tôi 35 tuổi, muốn học nghề sửa chữa máy nông nghiệp thì có được hỗ trợ học phí?",
        "",
    ),
    (
        "open",
        "camau",
        "so-xay-dung",
        "xay-dung-nha-o",
        "competent",
        "Võ Minh Tâm",
        "Giấy phép sửa chữa nhà ở",
        "Tôi muốn nâng nền và thay mái tôn nhà cấp 4 thì có phải xin giấy phép xây dựng?",
        "",
    ),
    (
        "open",
        "camau",
        "so-tai-nguyen-moi-truong",
        "moi-truong",
        "interagency",
        "Huỳnh Thị Mai",
        "Cơ sở chế biến thủy sản gây ô nhiễm",
        "Cơ sở chế biến tôm khô ở khóm 5 xả nước thải ra kênh gây mùi hôi.",
        "",
    ),
    (
        "open",
        "camau",
        "vp-ubnd-tinh",
        "dat-dai",
        "special",
        "Đặng Văn Lực",
        "Bồi thường khi thu hồi đất làm đường",
        "Đất của gia đình tôi bị thu hồi làm đường nhưng chưa nhận được tiền bồi thường phần cây trồng.",
        "",
    ),
    (
        "open",
        "sokhcn",
        "sokhcn-van-phong",
        "khoa-hoc-cong-nghe",
        "competent",
        "Ngô Thanh Sơn",
        "Công bố hợp chuẩn sản phẩm mật ong",
        "Hộ kinh doanh mật ong có bắt buộc công bố hợp chuẩn không?",
        "",
    ),
    (
        "due_soon",
        "camau",
        "soyt-van-phong",
        "y-te",
        "competent",
        "Bùi Thị Ngọc",
        "Thẻ bảo hiểm y tế hộ cận nghèo",
        "Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm mức đóng bảo hiểm y tế?",
        "",
    ),
    (
        "due_soon",
        "khanhbinh",
        "ubnd-khanh-binh",
        "giao-thong",
        "competent",
        "Lý Văn Hùng",
        "Đèn đường ấp 4 bị hỏng",
        "Hệ thống đèn chiếu sáng tuyến đường ấp 4 hỏng đã hai tháng.",
        "",
    ),
    (
        "interim",
        "camau",
        "so-xay-dung",
        "xay-dung-nha-o",
        "interagency",
        "Tô Thị Kim",
        "Nhà ở xã hội tại phường An Xuyên",
        "Khi nào dự án nhà ở xã hội phường An Xuyên nhận hồ sơ đăng ký mua?",
        "Sở Xây dựng đang phối hợp với chủ đầu tư xác định thời điểm nhận hồ sơ.",
    ),
    (
        "interim",
        "camau",
        "so-tai-nguyen-moi-truong",
        "dat-dai",
        "special",
        "Châu Văn Bảo",
        "Cấp đổi giấy chứng nhận đất",
        "Tôi nộp hồ sơ cấp đổi giấy chứng nhận quyền sử dụng đất đã 3 tháng chưa có kết quả.",
        "Hồ sơ đang được đo đạc lại do sai lệch ranh giới; sẽ trả lời sau khi có kết quả đo.",
    ),
    (
        "overdue",
        "camau",
        "vp-ubnd-tinh",
        "giao-thong",
        "competent",
        "Hà Thị Thu",
        "Trạm xe buýt tuyến Cà Mau – Năm Căn",
        "Đề nghị bố trí thêm trạm dừng xe buýt trước trường THPT Cà Mau.",
        "",
    ),
    (
        "overdue",
        "camau",
        "so-xay-dung",
        "xay-dung-nha-o",
        "competent",
        "Mai Văn Định",
        "Công trình xây dựng lấn chiếm vỉa hè",
        "Công trình nhà số 120 đường Trần Hưng Đạo xây lấn vỉa hè khoảng 1 m.",
        "",
    ),
    (
        "overdue",
        "khanhbinh",
        "ubnd-khanh-binh",
        "moi-truong",
        "competent",
        "Lâm Thị Yến",
        "Rác thải tồn đọng ở chợ xã",
        "Rác thải tại chợ xã Khánh Bình không được thu gom nhiều ngày.",
        "",
    ),
    (
        "returned",
        "camau",
        "so-xay-dung",
        "y-te",
        "competent",
        "Kiều Văn Nam",
        "Chế độ cho nhân viên y tế ấp",
        "Nhân viên y tế ấp được hưởng phụ cấp hằng tháng bao nhiêu?",
        "Nội dung thuộc thẩm quyền của Sở Y tế, đề nghị Ban Biên tập chuyển lại.",
    ),
    (
        "returned",
        "camau",
        "sokhcn-van-phong",
        "lao-dong-viec-lam",
        "competent",
        "Tạ Thị Hoa",
        "Trợ cấp thất nghiệp",
        "Tôi nghỉ việc ở công ty may thì làm hồ sơ trợ cấp thất nghiệp ở đâu?",
        "Không thuộc lĩnh vực khoa học và công nghệ.",
    ),
    (
        "answered",
        "camau",
        "soyt-van-phong",
        "y-te",
        "competent",
        "Dương Văn Khoa",
        "Tiêm vắc xin cho trẻ dưới 1 tuổi",
        "Lịch tiêm chủng mở rộng cho trẻ dưới 1 tuổi tại trạm y tế phường thế nào?",
        "Trẻ được tiêm miễn phí theo lịch tiêm chủng mở rộng tại trạm y tế vào ngày 25 hằng tháng.",
    ),
    (
        "answered_late",
        "camau",
        "so-tai-nguyen-moi-truong",
        "moi-truong",
        "competent",
        "Quách Thị Lan",
        "Khai thác cát trái phép trên sông Gành Hào",
        "Ban đêm có ghe hút cát trái phép trên sông Gành Hào.",
        "Sở đã phối hợp với Công an tỉnh kiểm tra, xử phạt 02 phương tiện vi phạm.",
    ),
    (
        "answered",
        "sokhcn",
        "sokhcn-van-phong",
        "khoa-hoc-cong-nghe",
        "competent",
        "Phan Văn Đức",
        "Kiểm định cân tại chợ",
        "Cân của tiểu thương ở chợ có phải kiểm định định kỳ không?",
        "Cân dùng trong mua bán phải kiểm định định kỳ 12 tháng một lần theo quy định về đo lường.",
    ),
    (
        "published",
        "camau",
        "so-xay-dung",
        "xay-dung-nha-o",
        "competent",
        "Nguyễn Thị Diệu",
        "Hồ sơ cấp phép xây dựng nhà ở riêng lẻ",
        "Hồ sơ xin cấp giấy phép xây dựng nhà ở riêng lẻ tại đô thị gồm những gì?",
        "Hồ sơ gồm: đơn đề nghị cấp giấy phép; bản sao giấy tờ chứng minh quyền sử dụng đất; 02 bộ bản vẽ thiết kế.",
    ),
    (
        "published",
        "camau",
        "soyt-van-phong",
        "y-te",
        "competent",
        "Trương Văn Hậu",
        "Khám chữa bệnh bảo hiểm y tế trái tuyến",
        "Tôi có thẻ bảo hiểm y tế đăng ký ở huyện, lên bệnh viện tỉnh điều trị nội trú có được hưởng đủ quyền lợi?",
        "Từ năm 2021, người bệnh điều trị nội trú trái tuyến tại bệnh viện tuyến tỉnh được quỹ bảo hiểm y tế thanh "
        "toán như đúng tuyến.",
    ),
    (
        "published",
        "camau",
        "so-tai-nguyen-moi-truong",
        "dat-dai",
        "interagency",
        "Lê Thị Thanh",
        "Chuyển mục đích sử dụng đất vườn sang đất ở",
        "Thủ tục chuyển đất trồng cây lâu năm sang đất ở như thế nào?",
        "Người sử dụng đất nộp đơn tại bộ phận một cửa; cơ quan tài nguyên thẩm định, "
        "trình UBND cấp có thẩm quyền quyết định.",
    ),
    (
        "published",
        "camau",
        "vp-ubnd-tinh",
        "giao-duc",
        "special",
        "Hồ Minh Nhật",
        "Miễn học phí học sinh trung học",
        "Năm học 2025–2026 học sinh THCS có được miễn học phí không?",
        "Theo Nghị quyết của Quốc hội, học sinh từ mầm non đến THPT công lập được miễn học phí từ năm học 2025–2026.",
    ),
    (
        "published",
        "khanhbinh",
        "ubnd-khanh-binh",
        "dat-dai",
        "competent",
        "Đỗ Văn Thành",
        "Xác nhận nguồn gốc đất",
        "UBND xã có xác nhận nguồn gốc đất cho hộ sử dụng đất từ năm 1990 không?",
        "UBND xã xác nhận theo hồ sơ địa chính và ý kiến khu dân cư trong 10 ngày làm việc.",
    ),
    (
        "rejected_out_of_scope",
        "camau",
        None,
        "lao-dong-viec-lam",
        "",
        "Vương Thị Hằng",
        "Tranh chấp hợp đồng mua bán xe",
        "Tôi mua xe máy cũ bị lừa, đề nghị Cổng giải quyết giúp.",
        "",
    ),
    (
        "rejected_duplicate",
        "camau",
        None,
        "giao-thong",
        "",
        "Trần Thị Bích",
        "Đường ấp Cái Rắn (gửi lại)",
        "Tôi gửi lại câu hỏi về đường ấp Cái Rắn sạt lở.",
        "",
    ),
    (
        "spam",
        "camau",
        None,
        "moi-truong",
        "",
        "Khuyến mãi",
        "Vay tiền nhanh lãi suất thấp",
        "Vay nhanh không cần thế chấp, liên hệ ngay.",
        "",
    ),
]


def _agency_accounts(stdout):
    User = get_user_model()
    logins = []
    for org in Organization.objects.filter(answers_feedback=True).order_by("slug"):
        username = f"agency.{org.slug}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{settings.PORTAL_BASE_DOMAIN}",
                "is_staff": True,
                "first_name": "Cán bộ đầu mối",
                "last_name": org.name[:150],
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        officer = FocalOfficer.objects.filter(organization=org).order_by("pk").first()
        if officer is None:
            FocalOfficer.objects.create(
                organization=org, user=user, full_name=f"Cán bộ đầu mối {org.name}", email=user.email
            )
        elif officer.user_id != user.pk:
            officer.user = user
            officer.save(update_fields=["user"])
        logins.append(username)
    return logins


def _aware(day: dt.date, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _question(n, spec, portals, fields, agencies, today):
    state, portal_slug, agency_slug, field_slug, klass, name, title, body, answer = spec
    code = f"DEMO{n:06d}"
    existing = Question.objects.filter(tracking_code=code).first()
    if existing:
        return existing
    portal = portals.get(portal_slug) or portals["camau"]
    agency = agencies.get(agency_slug)
    if agency_slug and agency is None:
        return None
    # Forwarding days chosen per state, counted back from today on the working-day calendar.
    back = {"open": 1, "due_soon": 4, "interim": 9, "overdue": 12, "returned": 2}
    back.update({"answered": 8, "answered_late": 22, "published": 25})
    forwarded_on = today - dt.timedelta(days=back.get(state, 1) * 7 // 5 + 1)
    submitted = _aware(forwarded_on - dt.timedelta(days=1), 8)
    if not agency_slug:
        submitted = _aware(today - dt.timedelta(days=n % 3), 8)
    slug_name = "".join(part[0] for part in name.split()).lower()
    question = Question.objects.create(
        portal=portal,
        tracking_code=code,
        name=name,
        email=f"{slug_name}{n}@example.vn",
        phone=f"09{n:08d}",
        address=f"Số {n + 10} đường Lý Thường Kiệt, {portal.name}",
        field=fields[field_slug],
        title=title,
        body=body,
        consent_text=str(CONSENT_TEXT),
        consent_at=submitted,
        consent_ip="203.0.113.10",
        submitter_ip="203.0.113.10",
        show_name=n % 2 == 0,
        submitted_at=submitted,
        klass=klass,
    )
    Event.objects.create(question=question, action="submitted", created_at=submitted)
    if state == "spam":
        question.is_spam = True
        question.save()
        return question
    if state.startswith("rejected"):
        question.status = Question.Status.REJECTED
        question.reject_reason = "out_of_scope" if state.endswith("scope") else "duplicate"
        question.reject_note = "Nội dung thuộc thẩm quyền giải quyết của Tòa án." if state.endswith("scope") else ""
        question.closed_at = submitted + dt.timedelta(hours=20)
        question.save()
        Event.objects.create(question=question, action="rejected", created_at=question.closed_at)
        return question
    if not agency:
        return question
    due = add_working_days(forwarded_on, deadline_days(klass))
    assignment = Assignment.objects.create(
        question=question,
        agency=agency,
        klass=klass,
        forwarded_at=forwarded_on,
        due_date=due,
        current_due_date=due,
    )
    Event.objects.create(question=question, assignment=assignment, action="forwarded", created_at=_aware(forwarded_on))
    question.status = Question.Status.FORWARDED
    if state in ("open", "due_soon", "overdue"):
        assignment.status = Assignment.Status.OVERDUE if due < today else Assignment.Status.OPEN
    elif state == "interim":
        new_date = add_working_days(today, 7)
        Reply.objects.create(
            assignment=assignment, kind=Reply.Kind.INTERIM, text=answer, new_due_date=new_date, created_at=_aware(today)
        )
        assignment.status = Assignment.Status.INTERIM
        assignment.current_due_date = new_date
    elif state == "returned":
        Reply.objects.create(assignment=assignment, kind=Reply.Kind.SEND_BACK, text=answer, created_at=_aware(today, 8))
        assignment.status = Assignment.Status.RETURNED
        assignment.returned_reason = answer
        question.status = Question.Status.RETURNED
    else:  # answered, answered late, published
        answered_on = add_working_days(due, 3) if state == "answered_late" else add_working_days(forwarded_on, 3)
        answered_on = min(answered_on, today)
        answered_at = _aware(answered_on, 15)
        Reply.objects.create(assignment=assignment, kind=Reply.Kind.ANSWER, text=answer, created_at=answered_at)
        assignment.status = Assignment.Status.ANSWERED
        assignment.answered_at = answered_at
        assignment.working_days_taken = working_days_between(forwarded_on, answered_on)
        assignment.answered_on_time = answered_on <= due
        question.status = Question.Status.ANSWERED
        question.answer_text = answer
        question.answered_by = agency
        question.closed_at = answered_at
        Event.objects.create(question=question, assignment=assignment, action="answered", created_at=answered_at)
        if state == "published":
            question.is_published = True
            question.published_at = answered_at + dt.timedelta(hours=2)
            question.published_title = title
            question.published_body = body
            question.published_answer = answer
    assignment.save()
    question.save()
    return question


def seed(stdout=None):
    today = local_today()
    with transaction.atomic():
        fields = {}
        for order, (name, slug) in enumerate(FIELDS):
            fields[slug], _ = Field.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
        logins = _agency_accounts(stdout)
        portals = {p.slug: p for p in Portal.objects.all()}
        if "camau" not in portals:
            root = Portal.objects.filter(parent=None).order_by("pk").first()
            if root is None:
                return []
            portals["camau"] = root
        agencies = {o.slug: o for o in Organization.objects.filter(answers_feedback=True)}
        questions = [_question(n, spec, portals, fields, agencies, today) for n, spec in enumerate(QUESTIONS, start=1)]
    if stdout:
        made = [q for q in questions if q]
        stdout.write(f"Feedback: {len(fields)} fields, {len(made)} questions (tracking codes DEMO000001…)")
        stdout.write(
            "Agency logins (focal officers, password as above): " + ", ".join(logins)
            if logins
            else "No organisation answers feedback: no agency logins."
        )
    return questions
