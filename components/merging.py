"""Merging a portal into another: the registry of movers and the preview.

Each app registers a mover for its own objects:

    from components import merging

    @merging.register_mover
    def move_articles(*, source, target, dry_run):
        qs = Article.objects.filter(portal=source)
        return {"Tin, bài": qs.count() if dry_run else qs.update(portal=target)}

A mover returns {label: count}; with dry_run it only counts (the preview). It must be safe to run again:
a second run finds nothing left on `source` and returns zeros.

Old addresses: the middleware answers the merged portal's domain and /web/<slug>/ prefix with a 301 to the
same path under the successor. Apps whose objects change their URL when moved (a slug renamed to avoid a
collision, say) keep the old path answering by their own redirects; the successor's 404 otherwise shows its
home link.

Scale (docs/decisions/0415): a mover writes with a few set-based statements per table (UPDATE … WHERE portal = A),
never one query per moved row, and never loads the moved rows (articles carry their bodies): a merge of 10,000
articles makes as many queries as a merge of 5. Movers send no "content changed" event of their own:
`components.lifecycle.on_portal_merged` is sent once after commit and the public site drops the cached pages of
both portals' trees then, once (docs/decisions/0812-one-purge-path.md).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Membership, MenuItem, Organization, Portal

_movers = []


def register_mover(mover):
    if mover not in _movers:
        _movers.append(mover)
    return mover


def movers():
    return list(_movers)


def run_movers(*, source, target, dry_run):
    counts = {}
    for mover in movers():
        for label, count in (mover(source=source, target=target, dry_run=dry_run) or {}).items():
            counts[str(label)] = counts.get(str(label), 0) + int(count)
    return counts


def merge_preview(*, source, target):
    """What a merge of `source` into `target` would move: [(label, count)]."""
    return list(run_movers(source=source, target=target, dry_run=True).items())


@register_mover
def move_child_portals(*, source, target, dry_run):
    children = list(Portal.objects.filter(parent=source))
    if not dry_run:
        for child in children:
            child.move_to(target, "last-child")
    return {_("Cổng trực thuộc"): len(children)}


@register_mover
def move_organizations(*, source, target, dry_run):
    organizations = Organization.objects.filter(portal=source)
    if dry_run:
        return {_("Cơ quan, đơn vị"): organizations.count()}
    return {_("Cơ quan, đơn vị"): organizations.update(portal=target)}


@register_mover
def move_memberships(*, source, target, dry_run):
    memberships = Membership.objects.filter(portal=source)
    if dry_run:
        return {_("Vai trò trong Ban Biên tập"): memberships.count()}
    held = Membership.objects.filter(portal=target).values_list("user_id", "role")
    duplicates = Q()
    for user_id, role in held:
        duplicates |= Q(user_id=user_id, role=role)
    moved = 0
    if held:
        moved += memberships.filter(duplicates).count()
        for membership in memberships.filter(duplicates):
            membership.delete()
    moved += memberships.update(portal=target)
    return {_("Vai trò trong Ban Biên tập"): moved}


@register_mover
def move_menu_items(*, source, target, dry_run):
    items = MenuItem.objects.filter(portal=source)
    if dry_run:
        return {_("Mục menu của cổng"): items.count()}
    return {_("Mục menu của cổng"): items.update(portal=target)}
