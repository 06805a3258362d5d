"""Data for the portal-merge benchmark (bench/ harness: setup = "bench.data.merge:prepare_merge").

Issue 7 asks for "the merge of a portal with 10,000 articles". Inside the bench data set this adds two commune
portals under the province: SOURCE with 10,000 articles (copied, bodies and search keys included, from the data
set's own articles), 500 legal documents, 20 categories (the default tree, which always collides with the
successor's, plus 13 of its own), 300 feedback questions, one audit entry per article, board members, a review
assignment on a folded category and two running delegations; and TARGET, the successor, with 1,000 articles of
its own. Rows are written with INSERT … SELECT / bulk_create (PostgreSQL only: the bench runs there).

The command scenario then runs `manage.py merge_portal SOURCE TARGET --by bench.vanphong` twice: the merge, then
the re-run an operator or the worker's retry would make (nothing left to move). Its teardown (`remove_merge`)
deletes both portals with their content, redirects and log rows, so the page scenarios of a later run see the data
set as generated; the setup does the same first, in case a run stopped half-way.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from components.models import Membership, Portal, PortalRedirect, SecurityEvent

SOURCE, TARGET = "benchsapnhapnguon", "benchsapnhapdich"
OFFICE = "bench.vanphong"
ARTICLES, TARGET_ARTICLES, LEGAL_DOCUMENTS, QUESTIONS = 10_000, 1_000, 500, 300
OWN_CATEGORIES = 13


def _quoted_columns(model, skip=("id",)):
    """Columns to copy: not the id, nor generated columns (search_vector), which PostgreSQL computes itself."""
    return [
        f.column for f in model._meta.concrete_fields if f.column not in skip and not getattr(f, "generated", False)
    ]


def _copy_rows(model, *, portal, limit, offset, category_ids=None):
    """INSERT … SELECT `limit` rows of the data set's `model` as new rows of `portal` (one statement)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = _quoted_columns(model)
    select = []
    for column in columns:
        if column == "portal_id":
            select.append("%s")
        elif column == "category_id":
            select.append(f"(%s::bigint[])[1 + (src.id %% {len(category_ids)})]")
        elif column == "translation_of_id":
            select.append("NULL")
        else:
            select.append(f"src.{qn(column)}")
    params = [portal.pk] + ([list(category_ids)] if category_ids else [])
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "
        f"SELECT {', '.join(select)} FROM {table} src WHERE src.portal_id <> ALL(%s) "
        f"ORDER BY src.id LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _bench_portal_ids()])
        return cursor.rowcount


def _bench_portal_ids():
    return list(Portal.objects.filter(slug__in=[SOURCE, TARGET]).values_list("pk", flat=True)) or [0]


def _remove_earlier_run():
    """Delete what an earlier setup and merge left, content first (PROTECT foreign keys)."""
    from editorial.models import Article, AuditEvent, Category, Delegation, LegalDocument, Publishable
    from feedback.models import Question

    portals = list(Portal.objects.filter(slug__in=[SOURCE, TARGET]))
    ids = [p.pk for p in portals]
    PortalRedirect.objects.filter(old_slug=SOURCE).delete()
    if not ids:
        return
    PortalRedirect.objects.filter(target_id__in=ids).delete()
    AuditEvent.objects.filter(portal_id__in=ids)._raw_delete(connection.alias)
    Delegation.objects.filter(portal_id__in=ids).delete()
    Question.objects.filter(portal_id__in=ids)._raw_delete(connection.alias)  # bench rows: no retention rules
    UserObjectPermission.objects.filter(user__username__startswith="bench.merge.").delete()
    for model in (Article, LegalDocument):
        assert issubclass(model, Publishable)
        model.objects.filter(portal_id__in=ids)._raw_delete(connection.alias)
    for category in Category.objects.filter(portal_id__in=ids).order_by("-level"):
        category.delete()
    for portal in sorted(portals, key=lambda p: p.slug != SOURCE):  # the merged one points at the other
        Portal.objects.get(pk=portal.pk).delete()
    # Deleting memberships logs security events about these portals: keep the rows, without the portal.
    SecurityEvent.objects.filter(portal_id__in=ids).update(portal=None)


def prepare_merge(*, scale=None, stdout=None):
    from editorial.models import Article, Category, Delegation, LegalDocument
    from editorial.portal_hooks import default_categories
    from feedback.models import Field, Question

    if connection.vendor != "postgresql":
        raise RuntimeError("the merge benchmark's setup writes with PostgreSQL SQL")
    User = get_user_model()
    today = timezone.localdate()
    with transaction.atomic():
        _remove_earlier_run()
        office, _created = User.objects.get_or_create(
            username=OFFICE, defaults={"is_superuser": True, "is_staff": True, "email": "vanphong@example.vn"}
        )
        province = Portal.objects.get(parent__isnull=True)
        made = {}
        for slug, name in ((SOURCE, "Xã Bench Sáp Nhập"), (TARGET, "Xã Bench Kế Thừa")):
            made[slug] = Portal.objects.create(
                parent=province,
                name=name,
                short_name=slug,
                slug=slug,
                kind=Portal.Kind.COMMUNE,
                domain=f"{slug}.camau.gov.vn",
                owner_name=f"Ủy ban nhân dân {name.lower()}",
            )
        source, target = made[SOURCE], made[TARGET]
        trees = {slug: default_categories(portal) for slug, portal in made.items()}
        own = [
            Category.objects.create(
                portal=source,
                parent=trees[SOURCE]["tin-tuc"] if n % 2 else None,
                name=f"Chuyên mục riêng {n}",
                slug=f"chuyen-muc-rieng-{n}",
                sort_order=100 + n,
            )
            for n in range(1, OWN_CATEGORIES + 1)
        ]
        source_categories = [c.pk for c in trees[SOURCE].values()] + [c.pk for c in own]
        target_categories = [c.pk for c in trees[TARGET].values()]
        articles = _copy_rows(Article, portal=source, limit=ARTICLES, offset=0, category_ids=source_categories)
        _copy_rows(Article, portal=target, limit=TARGET_ARTICLES, offset=ARTICLES, category_ids=target_categories)
        documents = _copy_rows(LegalDocument, portal=source, limit=LEGAL_DOCUMENTS, offset=0)

        # One audit entry per article (the merge moves the editorial log with the content).
        with connection.cursor() as cursor:
            from django.contrib.contenttypes.models import ContentType

            cursor.execute(
                "INSERT INTO editorial_auditevent (portal_id, actor_name, action, content_type_id, object_id, "
                "object_repr, from_state, to_state, reason, comment, created_at) "
                "SELECT portal_id, 'Bench', 'approve', %s, id, LEFT(title, 500), 'awaiting_approval', 'published', "
                "'', '', COALESCE(published_at, created_at) FROM editorial_article WHERE portal_id = %s",
                [ContentType.objects.get_for_model(Article).pk, source.pk],
            )

        field, _created = Field.objects.get_or_create(slug="dat-dai", defaults={"name": "Đất đai"})
        now = timezone.now()
        Question.objects.bulk_create(
            Question(
                portal=source,
                name="Nguyễn Văn Bình",
                email=f"bench.merge{i}@example.vn",
                address="Ấp 3",
                field=field,
                title=f"Câu hỏi số {i} về thủ tục đất đai",
                body="Gia đình tôi muốn tách thửa đất thì cần những giấy tờ gì?",
                status="new" if i % 3 else "answered",
                consent_text="Tôi đồng ý.",
                consent_at=now,
                submitted_at=now - dt.timedelta(days=i % 30),
            )
            for i in range(QUESTIONS)
        )

        # The board: chief, deputy and a reviewer of a category that is folded; two running delegations.
        board = {}
        for role in ("chief", "deputy", "member"):
            user, _created = User.objects.get_or_create(username=f"bench.merge.{role}")
            Membership.objects.get_or_create(user=user, portal=source, role=role)
            board[role] = user
        assign_perm("editorial.review_category", board["member"], trees[SOURCE]["tin-tuc"])
        for categories in ([], [trees[SOURCE]["tin-tuc"]]):
            delegation = Delegation.objects.create(
                portal=source,
                chief=board["chief"],
                deputy=board["deputy"],
                valid_from=today - dt.timedelta(days=10),
                valid_to=today + dt.timedelta(days=60),
            )
            delegation.categories.set(categories)
    with connection.cursor() as cursor:
        for table in ("editorial_article", "editorial_legaldocument", "editorial_auditevent", "feedback_question"):
            cursor.execute(f"ANALYZE {table}")
    if stdout:
        stdout.write(
            f"merge: {SOURCE} ({articles} articles, {documents} legal documents, {len(source_categories)} categories, "
            f"{QUESTIONS} questions) into {TARGET} ({TARGET_ARTICLES} articles); office account {office.username}\n"
        )
    return {"articles": articles, "legal_documents": documents}


def remove_merge(*, scale=None, stdout=None):
    """Teardown of the merge scenario: the data set as bench/generate.py made it (plus the office account)."""
    with transaction.atomic():
        _remove_earlier_run()
    with connection.cursor() as cursor:
        for table in ("editorial_article", "editorial_legaldocument", "editorial_auditevent", "feedback_question"):
            cursor.execute(f"ANALYZE {table}")
    if stdout:
        stdout.write(f"merge: removed {SOURCE} and {TARGET}\n")
