"""Demo data of the board's office (called by `manage.py seed_demo`): a month of royalty lines with their payment
lists for the province and one component portal, and every portal's inventory with tracked update deadlines, some
overdue.

Written through the office's services (they send no email), once: a portal that already has royalty lines or
tracked items is left as it is, so a second run changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from components.models import Portal
from editorial.models import Article, LegalDocument, State
from feedback.calendar import local_today
from office import services
from office.models import InformationKind, Payee, PaymentList, RoyaltyKind, RoyaltyLine, TrackedItem

LEDGER_PORTALS = ("camau", "sokhcn")
CONTRIBUTORS = [
    # full name, unit, id number, bank account, bank
    ("Trần Minh Khoa", "Báo Cà Mau", "096085001122", "0071000456789", "Vietcombank Cà Mau"),
    ("Nguyễn Thị Thu Hà", "Đài Phát thanh và Truyền hình Cà Mau", "096190003344", "103870112233", "VietinBank Cà Mau"),
    ("Lý Văn Sang", "Cộng tác viên, phường An Xuyên", "096092005566", "7801205123456", "Agribank Cà Mau"),
]
# (kind code, coefficient) by article index: news items, a reportage, photos.
GRADES = [("tin", "2"), ("tin", "3"), ("bai-viet", "6"), ("anh", "1.5"), ("tin", "2.5"), ("phong-van", "4")]


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _payees(portal):
    payees = [
        Payee.objects.get_or_create(
            portal=portal,
            full_name=name,
            defaults={"unit": unit, "id_number": id_number, "bank_account": account, "bank_name": bank},
        )[0]
        for name, unit, id_number, account, bank in CONTRIBUTORS
    ]
    member = _user(f"member.{portal.slug}")
    if member is not None:
        staff, _created = Payee.objects.get_or_create(
            portal=portal, user=member, defaults={"full_name": "Phạm Thị Biên Tập", "unit": portal.owner_name}
        )
        payees.append(staff)
    return payees


def _royalties(portal):
    secretary, chief = _user(f"secretary.{portal.slug}"), _user(f"chief.{portal.slug}")
    if secretary is None or chief is None or RoyaltyLine.objects.filter(portal=portal).exists():
        return 0
    kinds = {kind.code: kind for kind in RoyaltyKind.objects.filter(scale__portal__isnull=True)}
    payees = _payees(portal)
    articles = list(
        Article.objects.filter(portal=portal, state=State.PUBLISHED, language="vi").order_by("-published_at")[:12]
    )
    lines = []
    for index, article in enumerate(articles):
        code, coefficient = GRADES[index % len(GRADES)]
        lines.append(
            services.royalty_propose(
                user=secretary,
                portal=portal,
                payee=payees[index % len(payees)],
                kind=kinds[code],
                coefficient=coefficient,
                article=article,
            )
        )
        if index % 2 == 0:  # the photos of every other item are paid to another person
            lines.append(
                services.royalty_propose(
                    user=secretary,
                    portal=portal,
                    payee=payees[(index + 1) % len(payees)],
                    kind=kinds["anh"],
                    coefficient="1",
                    article=article,
                )
            )
    document = LegalDocument.objects.filter(portal=portal, state=State.PUBLISHED).order_by("-published_at").first()
    if document is not None:
        lines.append(
            services.royalty_propose(
                user=secretary, portal=portal, payee=payees[-1], kind=kinds["tom-tat-van-ban"], legal_document=document
            )
        )
    # The chief has approved all but the last two; the secretary has built each month's list.
    for line in lines[:-2]:
        services.royalty_approve(user=chief, line=line)
    for month in sorted({line.month for line in lines}):
        payment_list = services.payment_list_build(user=secretary, portal=portal, month=month)
        if month < local_today().replace(day=1) and payment_list.lines.exists():
            services.payment_list_mark_paid(user=chief, payment_list=payment_list)
    return len(lines)


# (inventory code, title, source document, working days before today the document was issued)
TRACKED = [
    ("vb-qppl-co-quan-ban-hanh", "Đăng Quyết định ban hành Quy chế phối hợp cung cấp thông tin", "25/2026/QĐ-UBND", 6),
    ("thu-tuc-hanh-chinh", "Công bố thủ tục hành chính lĩnh vực đất đai được sửa đổi", "1520/QĐ-UBND", 1),
    ("chien-luoc-quy-hoach-du-an", "Kế hoạch đầu tư công trung hạn 2026–2030 được phê duyệt", "410/QĐ-UBND", 14),
    ("thong-ke", "Số liệu thống kê kinh tế – xã hội quý III/2026", "215/TB-CTK", 3),
    ("pho-bien-phap-luat", "Hướng dẫn thực hiện Nghị định 224/2026/NĐ-CP", "224/2026/NĐ-CP", 9),
    ("de-tai-khoa-hoc", "Kết quả nghiệm thu đề tài nuôi tôm siêu thâm canh", "88/QĐ-SKHCN", 25),
]


def _working_days_before(today, n):
    from feedback.calendar import is_working_day

    day = today
    while n:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _deadlines(portal):
    editor = _user(f"secretary.{portal.slug}")
    if editor is None or TrackedItem.objects.filter(portal=portal).exists():
        return 0
    kinds = {kind.code: kind for kind in InformationKind.objects.filter(portal=portal)}
    today = local_today()
    created = 0
    for code, title, source, ago in TRACKED:
        if code in kinds:
            services.tracked_item_open(
                user=editor,
                kind=kinds[code],
                title=title,
                source_reference=source,
                triggered_on=_working_days_before(today, ago),
            )
            created += 1
    # One met on time: a legal document published the day after it was issued.
    document = LegalDocument.objects.filter(portal=portal, state=State.PUBLISHED).order_by("-published_at").first()
    if document is not None and "vb-qppl-co-quan-ban-hanh" in kinds:
        services.tracked_item_open(
            user=editor,
            kind=kinds["vb-qppl-co-quan-ban-hanh"],
            title=f"Đăng văn bản {document.number}",
            source_reference=document.number,
            triggered_on=timezone.localdate(document.published_at) - dt.timedelta(days=1),
            legal_document=document,
        )
        created += 1
    return created


def seed(stdout=None):
    totals = {"lines": 0, "kinds": 0, "tracked": 0}
    with transaction.atomic():
        for portal in Portal.objects.order_by("tree_id", "lft"):
            totals["kinds"] += services.inventory_seed(portal=portal)
        for portal in Portal.objects.filter(slug__in=LEDGER_PORTALS).order_by("tree_id", "lft"):
            totals["lines"] += _royalties(portal)
            totals["tracked"] += _deadlines(portal)
    if stdout:
        stdout.write(
            f"Office: {totals['lines']} royalty lines, {totals['kinds']} inventory kinds, {totals['tracked']} tracked "
            f"deadlines created ({PaymentList.objects.count()} payment lists in total)"
        )
    return totals
