"""Pieces the admin sections share: base inlines, the citations inline, filters, counts."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from directory.forms import RulesGenericInlineFormSet, RulesInlineFormSet, RulesModelForm
from directory.models import Citation

from .permissions import ScopedInlineMixin

SHORT_TEXT = {models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2})}}
# "www.impro.de" typed into a URL field becomes https://www.impro.de (Django 6's default).
HTTPS = {models.URLField: {"assume_scheme": "https"}}


def count_of(queryset, link: str):
    """Annotation: how many rows of `queryset` point at the outer row through `link`.

    A subquery rather than Count() over a join: the number stays right whatever the changelist
    joins for its filters and search, and without GROUP BY the model's default ordering still
    applies (Django drops it from grouped queries, and the autocomplete pages unordered rows).
    """
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class NameFirstSearchMixin:
    """Search answers that match the name itself come first: the exact name, then names that
    begin with the term, then names that contain it, then the rest (synonyms, slug, English).

    The admin's autocomplete lists the answers in the model's order, so typing "Spritz" put
    "Formenbau" (synonym "Spritzgießwerkzeug") above "Spritzguss", and Enter saved the wrong
    competence. The changelist applies its own ordering afterwards and is unaffected.
    """

    ranked_name = "name"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = " ".join(search_term.split())
        if term:
            name = self.ranked_name
            then = list(queryset.query.order_by or self.model._meta.ordering or [name])
            queryset = queryset.annotate(
                name_rank=Case(
                    When(**{f"{name}__iexact": term}, then=0),
                    When(**{f"{name}__istartswith": term}, then=1),
                    When(**{f"{name}__icontains": term}, then=2),
                    default=3,
                    output_field=IntegerField(),
                )
            ).order_by("name_rank", *then)
        return queryset, may_have_duplicates


def links_of(model) -> list[str]:
    """The model's foreign keys, for select_related where a row's __str__ reads them."""
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


class CurrentFilter(admin.SimpleListFilter):
    """Current or ended, from the dates (DatedQuerySet), never from a flag."""

    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [("aktuell", _("aktuell")), ("beendet", _("beendet"))]

    def queryset(self, request, queryset):
        if self.value() == "aktuell":
            return queryset.current()
        if self.value() == "beendet":
            return queryset.ended()
        return queryset


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


@admin.display(description=_("Zeitraum"), ordering="start_date")
def period(obj) -> str:
    return obj.period or "–"


@admin.display(description=_("aktuell"), boolean=True)
def is_current(obj) -> bool:
    return obj.is_current()
