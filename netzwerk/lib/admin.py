"""Admin pieces both apps' sections use and that know neither app: form field settings, a
count that survives the changelist's joins, the period and current columns of dated records, the
links a row's __str__ reads."""

from django.contrib import admin
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

SHORT_TEXT = {models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2})}}
# "www.impro.de" typed into a URL field becomes https://www.impro.de (Django 6's default).
HTTPS = {models.URLField: {"assume_scheme": "https"}}


def links_of(model) -> list[str]:
    """The model's foreign keys, for select_related where a row's __str__ reads them."""
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def count_of(queryset, link: str):
    """Annotation: how many rows of `queryset` point at the outer row through `link`.

    A subquery rather than Count() over a join: the number stays right whatever the changelist
    joins for its filters and search, and without GROUP BY the model's default ordering still
    applies (Django drops it from grouped queries, and the autocomplete pages unordered rows).
    """
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.display(description=_("Zeitraum"), ordering="start_date")
def period(obj) -> str:
    return obj.period or "–"


@admin.display(description=_("aktuell"), boolean=True)
def is_current(obj) -> bool:
    return obj.is_current()
