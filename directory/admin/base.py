"""Pieces only the directory's admin sections share: name-first search, the "current" filter.
What events' admin uses too (scope mixins, the rule-checked and citations inlines) is in
netzwerk/admin_base.py; the pieces that know neither app are in netzwerk/lib/admin.py."""

from django.contrib import admin
from django.db.models import Case, IntegerField, When
from django.utils.translation import gettext_lazy as _


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
