"""Sources and the citations that tie them to records."""

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.forms import CitationForm, SourceForm
from directory.models import Citation, Cited, Source
from netzwerk.admin_base import ScopedAdmin, UnrestrictedOnlyMixin
from netzwerk.lib.admin import HTTPS, SHORT_TEXT, count_of, links_of


def cited_models() -> list:
    """Every model whose records cite sources (those with the Cited mixin)."""
    return [model for model in apps.get_models() if issubclass(model, Cited) and not model._meta.proxy]


@admin.register(Source)
class SourceAdmin(ScopedAdmin):
    form = SourceForm
    fields = ["title", "slug", "publisher", "author", "published", "url", "retrieved_date", "excerpt", "note"]
    list_display = ["title", "publisher", "published_display", "retrieved_date", "citation_count"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "author", "url", "excerpt"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_date"
    formfield_overrides = {**SHORT_TEXT, **HTTPS}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=count_of(Citation.objects.all(), "source"))

    @admin.display(description=_("Erschienen"), ordering="published_date")
    def published_display(self, obj) -> str:
        return str(obj.published) if obj.published else "–"

    @admin.display(description=_("Belege"), ordering="citation_count")
    def citation_count(self, obj) -> str:
        url = reverse("admin:directory_citation_changelist") + f"?source__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.citation_count)


@admin.register(Citation)
class CitationAdmin(UnrestrictedOnlyMixin, ScopedAdmin):
    """For superusers: editors cite sources through the inline on each record, where the
    record is in their scope; here a citation's target is a bare number."""

    form = CitationForm
    fields = ["source", "content_type", "object_id", "evidence", "quote"]
    autocomplete_fields = ["source"]
    list_display = ["source", "content_type", "target", "quote_excerpt"]
    list_select_related = ["source", "content_type"]
    list_filter = [
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["source__title", "evidence", "quote"]

    def get_queryset(self, request):
        # One query per kind of cited record, with what its __str__ reads, not one per row.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                GenericPrefetch(
                    "content_object",
                    [model._default_manager.select_related(*links_of(model)) for model in cited_models()],
                )
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kinds = Q()
            for model in cited_models():
                kinds |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
            kwargs["queryset"] = ContentType.objects.filter(kinds)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Eintrag"))
    def target(self, obj) -> str:
        record = obj.content_object
        if record is None:
            return gettext("– (Nr. %(id)s gibt es nicht mehr)") % {"id": obj.object_id}
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record)

    @admin.display(description=_("Beleg"))
    def quote_excerpt(self, obj) -> str:
        return Truncator(obj.text).chars(80)
