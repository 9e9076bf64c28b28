"""The moderation queue of readers' correction requests (the public form: views/corrections.py)."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.models import CorrectionRequest
from directory.permissions import is_unrestricted
from netzwerk.admin_base import ScopeMixin


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ScopeMixin, admin.ModelAdmin):
    """Editors see the requests about their networks' records and mark them applied or rejected.

    Nothing here changes the record itself: the editor corrects it in its own section.
    """

    fields = [
        "record_link",
        "message",
        "contact",
        "created",
        "status",
        "editor_note",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = [
        "record_link",
        "message",
        "contact",
        "created",
        "decided_by",
        "decided_at",
    ]
    list_display = ["record_label", "excerpt", "status", "created", "decided_by"]
    list_select_related = ["decided_by"]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["record_label", "message", "contact", "editor_note"]
    date_hierarchy = "created"
    actions = ["mark_rejected"]

    def has_add_permission(self, request):
        # Requests come from readers, through the public form.
        return False

    def has_delete_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            decided = obj.status != CorrectionRequest.Status.NEW
            obj.decided_by = request.user if decided else None
            obj.decided_at = timezone.now() if decided else None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Ausgewählte Hinweise ablehnen"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        # get_queryset has already narrowed the selection to the editor's scope.
        count = queryset.filter(status=CorrectionRequest.Status.NEW).update(
            status=CorrectionRequest.Status.REJECTED, decided_by=request.user, decided_at=timezone.now()
        )
        self.message_user(
            request, ngettext("%(count)d Hinweis abgelehnt.", "%(count)d Hinweise abgelehnt.", count) % {"count": count}
        )

    @admin.display(description=_("Hinweis"))
    def excerpt(self, obj) -> str:
        return Truncator(obj.message).chars(80)

    @admin.display(description=_("Eintrag"))
    def record_link(self, obj) -> str:
        model = obj.content_type.model_class()
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.object_id])
        except (NoReverseMatch, AttributeError):
            return obj.record_label
        return format_html('<a href="{}">{}</a>', url, obj.record_label)
