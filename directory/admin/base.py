"""Pieces the directory's admin sections share: base inlines, the citations inline, filters.
The pieces that know neither app (counts, columns, field settings) are in netzwerk/lib/admin.py."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Case, IntegerField, When
from django.utils.translation import gettext_lazy as _

from directory.models import Citation
from netzwerk.lib.admin import SHORT_TEXT
from netzwerk.lib.forms import RulesGenericInlineFormSet, RulesInlineFormSet, RulesModelForm

from .permissions import ScopedInlineMixin


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
