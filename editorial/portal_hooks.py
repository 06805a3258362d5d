"""Editorial's part in a portal's life: default categories, merging, and staff hand-over.

- on_portal_created: a new portal gets the default category tree (the demo's names), idempotently.
- merge mover: categories and every Publishable row move to the successor portal (docs/decisions/0411).
  A category whose slug the successor already uses is folded into the successor's category of that slug (its
  articles and sub-categories go there), so /web/<A>/<category>/ answers on B after the middleware's 301.
  Article and document URLs carry the row id, and the public views redirect a stale category or slug to the
  canonical address, so /web/<A>/tin-tuc/<cat>/<slug>-<id>.html ends on the article's page of B.
  Every write is one set-based statement per table (or per folded category), so the query count does not grow
  with the number of articles (docs/decisions/0415).
- delegation mover: A's delegations end at the merge (revoked, one audit entry each on B) and their records move
  to B; B's chief delegates anew if they want to (docs/decisions/0411).
- hand-over mover: the leaver's drafts and pending edits, and their category review assignments, go to the
  successor (docs/decisions/0412).
"""

from django.apps import apps
from django.db import transaction
from django.db.models import BigIntegerField, Case, Q, Value, When
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from components import handover, merging
from components.lifecycle import on_portal_created

from .models import AuditEvent, Category, Delegation, PreviewLink, Publishable, Revision, State

# (slug, name, parent slug, is_reference): the tree every new portal starts with (the demo seeds the same).
DEFAULT_CATEGORY_TREE = [
    ("tin-tuc", "Tin tức", None, False),
    ("tin-trong-tinh", "Tin trong tỉnh", "tin-tuc", False),
    ("tin-tu-cac-don-vi", "Tin từ các đơn vị", "tin-tuc", False),
    ("chi-dao-dieu-hanh", "Chỉ đạo điều hành", None, False),
    ("tin-tham-khao", "Tin tham khảo", None, True),
    ("du-lich", "Du lịch", None, False),
    ("news", "News", None, False),
]
ENGLISH_NAMES = {"tin-tuc": "News", "du-lich": "Tourism"}
# Not in the category menu: "tin-tuc" is the main menu's own "Tin tức" ("News"), and "news" holds the English
# articles, which the main menu's "News" lists on /en/ (a menu saying "News" twice, or "News" on the Vietnamese page).
HIDDEN_FROM_MENU = {"tin-tuc", "news"}


def default_categories(portal):
    """Create the missing categories of the default tree on `portal`; returns {slug: Category}."""
    made = {}
    for order, (slug, name, parent, is_reference) in enumerate(DEFAULT_CATEGORY_TREE):
        category = Category.objects.filter(portal=portal, slug=slug).first()
        if category is None:
            category = Category.objects.create(
                portal=portal,
                slug=slug,
                name=name,
                name_en=ENGLISH_NAMES.get(slug, ""),
                parent=made.get(parent),
                is_reference=is_reference,
                sort_order=order,
                show_in_menu=slug not in HIDDEN_FROM_MENU,
            )
        made[slug] = category
    return made


@receiver(on_portal_created, dispatch_uid="editorial.default_categories")
def make_default_categories(sender, portal, **kwargs):
    default_categories(portal)


# --- merging ---------------------------------------------------------------------------------------

CONTENT_LABEL = _("Tin, bài, văn bản và nội dung khác")


def publishable_models():
    return [m for m in apps.get_app_config("editorial").get_models() if issubclass(m, Publishable)]


@merging.register_mover
def move_categories(*, source, target, dry_run):
    categories = list(Category.objects.filter(portal=source).order_by("tree_id", "lft"))
    if dry_run or not categories:
        return {_("Chuyên mục"): len(categories)}
    taken = dict(Category.objects.filter(portal=target).values_list("slug", "pk"))
    folded = {c.pk: taken[c.slug] for c in categories if c.slug in taken}
    moved_articles = 0
    with transaction.atomic():
        Article = apps.get_model("editorial", "Article")
        if folded:
            # One statement for the articles of every folded category, setting their portal at the same time:
            # each moved article is rewritten once (every index, the full-text one too), not twice.
            new_category = Case(
                *[When(category_id=s, then=Value(t)) for s, t in folded.items()], output_field=BigIntegerField()
            )
            moved_articles = Article.objects.filter(portal=source, category_id__in=list(folded)).update(
                portal=target, category_id=new_category
            )
            Article.objects.filter(category_id__in=list(folded)).update(category_id=new_category)  # none, normally
        for source_pk, target_pk in folded.items():
            _move_review_perms(source_pk, target_pk)
            _move_delegation_scope(source_pk, target_pk)
        # Categories that are not folded move with their sub-tree; one whose parent is folded goes under the
        # successor's category of that slug.
        for category in categories:
            if category.pk in folded:
                continue
            category.refresh_from_db()
            if category.parent_id in folded:
                category.move_to(Category.objects.get(pk=folded[category.parent_id]), "last-child")
                category.refresh_from_db()
            subtree = Category.objects.filter(tree_id=category.tree_id, lft__gte=category.lft, rght__lte=category.rght)
            subtree.exclude(pk__in=folded).update(portal=target)
        # The folded ones are empty now (articles moved, children moved out): drop them, deepest first.
        for category in Category.objects.filter(pk__in=folded).order_by("-level"):
            category.delete()
    # The articles moved here are counted with the rest of the content (move_content counts the preview).
    return {_("Chuyên mục"): len(categories), CONTENT_LABEL: moved_articles}


def _move_review_perms(source_pk, target_pk):
    source, target = Category.objects.get(pk=source_pk), Category.objects.get(pk=target_pk)
    for row in UserObjectPermission.objects.filter(
        object_pk=str(source_pk), content_type__app_label="editorial", content_type__model="category"
    ).select_related("user", "permission"):
        assign_perm(row.permission.codename, row.user, target)
        remove_perm(row.permission.codename, row.user, source)


def _move_delegation_scope(source_pk, target_pk):
    """A delegation limited to a folded category keeps that limit as B's category of the slug.

    Deleting the folded category would otherwise drop the row and leave the delegation with no category,
    which reads "the whole portal": the record would claim a wider scope than the chief signed.
    """
    through = Delegation.categories.through
    already = through.objects.filter(category_id=target_pk).values("delegation_id")
    through.objects.filter(category_id=source_pk, delegation_id__in=already).delete()
    through.objects.filter(category_id=source_pk).update(category_id=target_pk)


@merging.register_mover
def move_content(*, source, target, dry_run):
    total = 0
    for model in publishable_models():
        rows = model._default_manager.filter(portal=source)
        total += rows.count() if dry_run else rows.update(portal=target)
    return {CONTENT_LABEL: total}


@merging.register_mover
def move_audit_history(*, source, target, dry_run):
    """The workflow history follows the content, so B's board reads how A's items were decided."""
    events = AuditEvent.objects.filter(portal=source)
    if not dry_run:  # shared preview links follow their items too (listed on the item's page)
        PreviewLink.objects.filter(portal=source).update(portal=target)
    return {_("Nhật ký biên tập"): events.count() if dry_run else events.update(portal=target)}


@merging.register_mover
def end_delegations(*, source, target, dry_run):
    """A's delegations end at the merge; their records move to B (docs/decisions/0411).

    A delegation is A's chief's signed act about A's content. Moved as it is, it would let A's deputy approve
    B's content too (a delegation without categories covers the whole portal; a folded category now holds B's
    articles as well), which B's chief never decided. So the running and future ones are revoked now, with one
    audit entry each on B's log, and every record moves to B, where B's board reads who could approve what and
    until when, and B's chief delegates anew if they want to.
    """
    delegations = Delegation.objects.filter(portal=source)
    running = delegations.filter(revoked_at__isnull=True, valid_to__gte=timezone.localdate())
    label = _("Ủy quyền duyệt tin (chấm dứt khi sáp nhập)")
    if dry_run:
        return {label: running.count()}
    ending = list(running.select_related("chief", "deputy"))
    if ending:
        now = timezone.now()
        comment = gettext("Chấm dứt do sáp nhập %(source)s vào %(target)s.") % {
            "source": source.name,
            "target": target.name,
        }
        Delegation.objects.filter(pk__in=[d.pk for d in ending]).update(revoked_at=now)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                portal=target,
                actor=None,
                actor_name=gettext("Hệ thống (sáp nhập cổng)"),
                action=AuditEvent.Action.UNDELEGATE,
                object_repr=str(delegation)[:500],
                comment=comment,
                created_at=now,
            )
            for delegation in ending
        )
    delegations.update(portal=target)
    return {label: len(ending)}


# --- hand-over -------------------------------------------------------------------------------------

OPEN_DRAFT_STATES = (State.DRAFT, State.RETURNED)


@handover.register
def move_drafts(user, successor):
    """Drafts the leaver created, and pending edits they wrote, become the successor's."""
    moved = 0
    for model in publishable_models():
        moved += model._default_manager.filter(created_by=user, state__in=OPEN_DRAFT_STATES).update(
            created_by=successor
        )
    pending = Q()
    for model in publishable_models():
        ids = model._default_manager.filter(pending_revision__author=user).values_list("pending_revision_id", flat=True)
        pending |= Q(pk__in=list(ids))
    if pending:
        moved += Revision.objects.filter(pending).update(author=successor)
    return moved


move_drafts.handover_label = "editorial.drafts"


@handover.register
def move_category_reviews(user, successor):
    """Review assignments on categories (guardian object permissions) go to the successor."""
    rows = list(
        UserObjectPermission.objects.filter(
            user=user, content_type__app_label="editorial", content_type__model="category"
        ).select_related("permission")
    )
    for row in rows:
        category = Category.objects.filter(pk=row.object_pk).first()
        if category is not None:
            assign_perm(row.permission.codename, successor, category)
        row.delete()
    return len(rows)


move_category_reviews.handover_label = "editorial.category_reviews"
