"""Per-portal separation in the Django admin, for every app's ModelAdmin.

    @admin.register(Article)
    class ArticleAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
        portal_field_path = "portal"            # or "category__portal", "organization__portal" ...

What it does, for users who are not superusers or the province's administrator:
- the change list, search, actions and exports see only rows of portals where the user holds a role
  (get_queryset; actions and autocomplete of other admins read the same queryset);
- a direct URL to another portal's object answers 404 (get_object);
- foreign-key and many-to-many choices are limited the same way when the related model is a Portal or
  is itself scoped (registered through this mixin or `register_scope`);
- list filters on such relations only offer related objects of the user's portals;
- write permissions need one of `portal_change_roles` on the object's portal (view needs any role).

`portal_ids_for_admin(request)` returns None for those who see every portal.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.http import Http404

from .models import Membership, Portal
from .permissions import portal_ids_for
from .selectors import sees_all_portals

_scopes = {}


def register_scope(model, path):
    """Declare how `model` reaches its portal, for FK choices in other admins (e.g. Category: 'portal')."""
    _scopes[model] = path


def scope_path(model):
    if model is Portal:
        return "pk"
    return _scopes.get(model)


def portal_ids_for_admin(request):
    """Portal ids the user may see in the admin, or None for every portal (cached on the request)."""
    if not hasattr(request, "_scoped_portal_ids"):
        user = request.user
        request._scoped_portal_ids = None if sees_all_portals(user) else portal_ids_for(user)
    return request._scoped_portal_ids


def filter_to_portals(queryset, path, portal_ids):
    """Rows of `queryset` whose `path` leads to one of `portal_ids` (no duplicates through to-many paths)."""
    if portal_ids is None:
        return queryset
    if path == "pk":
        return queryset.filter(pk__in=portal_ids)
    if "__" in path and not path.endswith("_id"):
        model = queryset.model
        return queryset.filter(pk__in=model._default_manager.filter(**{f"{path}__in": portal_ids}).values("pk"))
    return queryset.filter(**{f"{path}__in": portal_ids})


class PortalScopedAdminMixin:
    portal_field_path = "portal"
    # Roles on the object's portal that allow add/change/delete through this admin.
    portal_change_roles = (Membership.Role.ADMINISTRATOR,)
    # Roles that allow viewing (None: any role on the portal).
    portal_view_roles = None

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if model is not Portal and model not in _scopes:
            register_scope(model, self.portal_field_path)

    # --- scope ---------------------------------------------------------------------------------------
    def portal_ids(self, request):
        return portal_ids_for_admin(request)

    def scope_queryset(self, request, queryset):
        return filter_to_portals(queryset, self.portal_field_path, self.portal_ids(request))

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.portal_ids(request) is not None:
            raise Http404("No such object in your portals")
        return obj

    def object_portal_ids(self, obj):
        if obj.pk is None:
            return set()
        if self.portal_field_path == "pk":
            return {obj.pk}
        rows = self.model._default_manager.filter(pk=obj.pk).values_list(self.portal_field_path, flat=True)
        return set(rows) - {None}

    def _roles_allow(self, request, roles, obj=None):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        ids = self.portal_ids(request)
        if ids is None:
            return True
        if obj is None:
            # Asked by every admin of the sidebar and index: one query for all of them per request.
            held = request.__dict__.get("_scoped_roles_held")
            if held is None:
                held = set(Membership.objects.filter(user=user, portal_id__in=ids).values_list("role", flat=True))
                request.__dict__["_scoped_roles_held"] = held
            return bool(held & set(roles)) if roles else bool(held)
        # Asked many times per page (each button, each inline): remember the answer for the request.
        memo = request.__dict__.setdefault("_scoped_roles_memo", {})
        key = (self.model._meta.label, tuple(roles or ()), obj.pk if obj is not None else None)
        if key not in memo:
            memo[key] = self._roles_query(user, ids, roles, obj)
        return memo[key]

    def _roles_query(self, user, ids, roles, obj):
        memberships = Membership.objects.filter(user=user, portal_id__in=ids)
        if roles:
            memberships = memberships.filter(role__in=roles)
        if obj is not None:
            memberships = memberships.filter(portal_id__in=self.object_portal_ids(obj))
        return memberships.exists()

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._roles_allow(request, self.portal_view_roles)

    def has_view_permission(self, request, obj=None):
        if super().has_view_permission(request, obj) and (obj is None or self._in_scope(request, obj)):
            return True
        return self._roles_allow(request, self.portal_view_roles, obj) or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if super().has_change_permission(request, obj) and (obj is None or self._in_scope(request, obj)):
            return True
        return self._roles_allow(request, self.portal_change_roles, obj)

    def has_add_permission(self, request, *args):
        if super().has_add_permission(request, *args):
            return True
        return self._roles_allow(request, self.portal_change_roles)

    def has_delete_permission(self, request, obj=None):
        if super().has_delete_permission(request, obj) and (obj is None or self._in_scope(request, obj)):
            return True
        return self._roles_allow(request, self.portal_change_roles, obj)

    def _in_scope(self, request, obj):
        return (
            self.portal_ids(request) is None
            or self.scope_queryset(request, self.model._default_manager.filter(pk=obj.pk)).exists()
        )

    # --- choices ---------------------------------------------------------------------------------------
    def _limit(self, request, db_field, kwargs):
        path = scope_path(db_field.related_model)
        ids = self.portal_ids(request)
        if path is None or ids is None:
            return
        queryset = kwargs.get("queryset")
        if queryset is None:
            related_admin = self.admin_site._registry.get(db_field.related_model)
            queryset = (
                related_admin.get_queryset(request)
                if related_admin is not None
                else db_field.related_model._default_manager.all()
            )
        kwargs["queryset"] = filter_to_portals(queryset, path, ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.portal_ids(request) is None:
            return filters
        scoped = []
        for entry in filters:
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation and field.related_model is not None:
                    scoped.append((entry, admin.RelatedOnlyFieldListFilter))
                    continue
            scoped.append(entry)
        return scoped


class PortalScopedInlineMixin:
    """For inlines: FK choices limited the same way, and editing allowed to whoever may change the parent."""

    def _parent_allows(self, request, obj):
        parent_admin = self.admin_site._registry.get(self.parent_model)
        return parent_admin is not None and parent_admin.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._parent_allows(request, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) or self._parent_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._parent_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self._parent_allows(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = scope_path(db_field.related_model)
        ids = portal_ids_for_admin(request)
        if path is not None and ids is not None:
            queryset = kwargs.get("queryset") or db_field.related_model._default_manager.all()
            kwargs["queryset"] = filter_to_portals(queryset, path, ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
