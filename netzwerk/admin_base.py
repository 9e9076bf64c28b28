"""What both apps' admin sections are built on: the mixins that hold network editors to their
scope (rules in directory/permissions.py), the rule-checked inline and the citations inline.

Here rather than in directory.admin so that events.admin need not import the directory's admin;
the app-neutral pieces (counts, columns, field settings) are in netzwerk/lib/admin.py.

Every section lists only the rows in the editor's scope (get_queryset), which also narrows
bulk actions, autocomplete answers (Django's autocomplete view asks the target's admin for
its queryset) and the history view. Out-of-scope records answer 404 by direct URL, and
foreign-key choices offer only records in scope, so a forged form cannot point a membership
at somebody else's network.
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Citation
from directory.permissions import can_edit, is_scoped, is_unrestricted, restrict
from netzwerk.lib.admin import SHORT_TEXT, links_of
from netzwerk.lib.forms import RulesGenericInlineFormSet, RulesInlineFormSet, RulesModelForm


def _in_scope(request, obj) -> bool:
    # Admin asks several times per page for the same record; one query per record and request.
    cache = request.__dict__.setdefault("_editable_records", {})
    key = (obj._meta.concrete_model, obj.pk)
    if key not in cache:
        cache[key] = can_edit(request.user, obj)
    return cache[key]


def narrowed(form_class, user):
    """`form_class` with every choice of a scoped record limited to the user's scope.

    Done on the form rather than in formfield_for_foreignkey because some forms widen their
    choices again in __init__ (MembershipForm accepts any organisation as network, so that
    Membership.clean() can say why a firm is not one); this runs after them.
    """
    if is_unrestricted(user):
        return form_class

    class Narrowed(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and is_scoped(queryset.model):
                    field.queryset = restrict(user, queryset)

    Narrowed.__name__ = Narrowed.__qualname__ = form_class.__name__
    return Narrowed


class ScopeMixin:
    """For a ModelAdmin whose records editors see and edit only within their scope.

    Shared models (vocabulary, sources) are not narrowed: editors see them all, add where the
    group allows it, and change or delete none.
    """

    def get_queryset(self, request):
        return restrict(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None or is_unrestricted(request.user) or not is_scoped(self.model):
            return allowed
        return _in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or is_unrestricted(request.user):
            return allowed
        if not is_scoped(self.model):
            # Belt and braces: the group has no change permission on shared models either.
            return False
        return obj is None or _in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or is_unrestricted(request.user):
            return allowed
        if not is_scoped(self.model):
            return False
        return obj is None or _in_scope(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return narrowed(super().get_form(request, obj, change, **kwargs), request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; a record outside the editor's
        # scope answers 404 like one that does not exist, saying nothing about it.
        raise Http404


class ScopedAdmin(ScopeMixin, SimpleHistoryAdmin):
    """ScopeMixin with the history view (who, when, what) and revert of django-simple-history."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history lets anyone who may view a record post a revert; reverting changes it.
        if request.method == "POST":
            obj = self.model._default_manager.filter(pk=object_id).first()
            if obj is None:
                # Restoring a deleted record: only who may add records of this kind.
                if not self.has_add_permission(request) or not is_unrestricted(request.user):
                    raise PermissionDenied
            elif not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class UnrestrictedOnlyMixin:
    """A section for superusers alone, hidden from network editors whatever their permissions."""

    def has_module_permission(self, request):
        return is_unrestricted(request.user)

    def has_view_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_add_permission(self, request):
        return is_unrestricted(request.user)

    def has_change_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_unrestricted(request.user)


class ScopedInlineMixin:
    """An inline showing only the rows in the editor's scope and offering only such choices."""

    def get_queryset(self, request):
        return restrict(request.user, super().get_queryset(request))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = narrowed(formset.form, request.user)
        return formset


class RulesTabularInline(ScopedInlineMixin, admin.TabularInline):
    """An inline whose rows are checked against every database rule before saving.

    For network editors it shows only the rows in their scope (directory/permissions.py).
    """

    form = RulesModelForm
    formset = RulesInlineFormSet
    extra = 0
    show_change_link = True
    formfield_overrides = SHORT_TEXT

    def get_queryset(self, request):
        # Each row shows its __str__, which reads the linked records.
        return super().get_queryset(request).select_related(*links_of(self.model))


class CitationInline(GenericTabularInline):
    """The sources a record cites, with what supports it: our paraphrase, or the quote."""

    model = Citation
    form = RulesModelForm
    formset = RulesGenericInlineFormSet
    fields = ["source", "evidence", "quote"]
    autocomplete_fields = ["source"]
    extra = 0
    formfield_overrides = SHORT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "content_type")
