"""The directory's FilterSet and its facet counts, usable on any organisation queryset.

A network's member list builds `OrganisationFilter(request.GET, queryset=members)` and calls
`facet_counts(filterset)` just as the directory does.

Semantics worth knowing:
- `kompetenz` is repeatable and means ALL of the selected competences (a buyer narrows down);
  a field (Zerspanung) includes its competences (Drehen, Fräsen).
- `region` includes everything below it; `netzwerk` means current members, or members on the
  day `stand` names.
- A bad value (unknown slug, malformed date, radius out of range) leaves that filter out; the
  form's errors say so in German, and the page shows them.
"""

import math

import django_filters
from django import forms
from django.db import connection
from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q
from django.utils import timezone

from directory import search
from directory.models import Competence, Membership, Organisation, PostalCode, Region, Sector

KM_PER_DEGREE = 111.2
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1, 200, 25
TOP_OPTIONS = 20


class DirectoryForm(forms.Form):
    def clean_plz(self):
        code = (self.cleaned_data.get("plz") or "").strip()
        if not code:
            return None
        if not (len(code) == 5 and code.isdigit()):
            raise forms.ValidationError("Eine Postleitzahl hat fünf Ziffern.")
        centre = (
            PostalCode.objects.filter(code=code, latitude__isnull=False)
            .values_list("latitude", "longitude").first()
        )
        if centre is None:
            raise forms.ValidationError(f"Die Postleitzahl {code} kennen wir nicht.")
        return {"code": code, "latitude": centre[0], "longitude": centre[1]}


def _invalid(label: str) -> dict:
    return {
        "invalid_choice": f"{label} „%(value)s“ gibt es nicht; dieser Filter bleibt weg.",
        "invalid_pk_value": f"{label} „%(pk)s“ gibt es nicht; dieser Filter bleibt weg.",
    }


class OrganisationFilter(django_filters.FilterSet):
    kompetenz = django_filters.ModelMultipleChoiceFilter(
        label="Kompetenz", field_name="competences", to_field_name="slug",
        queryset=Competence.objects.all(), method="filter_competences",
        error_messages=_invalid("Die Kompetenz"),
    )
    branche = django_filters.ModelChoiceFilter(
        label="Branche", field_name="sectors", lookup_expr="exact", to_field_name="slug",
        queryset=Sector.objects.all(), error_messages=_invalid("Die Branche"),
    )
    region = django_filters.ModelChoiceFilter(
        label="Region", field_name="region", to_field_name="slug",
        queryset=Region.objects.all(), method="filter_region", error_messages=_invalid("Die Region"),
    )
    netzwerk = django_filters.ModelChoiceFilter(
        label="Netzwerk", field_name="memberships__network", to_field_name="slug",
        queryset=Organisation.objects.networks(), method="filter_network",
        error_messages=_invalid("Das Netzwerk"),
    )
    stand = django_filters.DateFilter(
        label="Stand", method="filter_nothing", input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": "Das Datum bei „Stand“ ist ungültig (Beispiel: 2019-09-24); gezeigt wird der heutige Stand."},
    )
    groesse = django_filters.ChoiceFilter(
        label="Größe", field_name="employees", lookup_expr="exact",
        choices=Organisation.EmployeeBand.choices,
        error_messages={"invalid_choice": "Diese Größenklasse gibt es nicht; dieser Filter bleibt weg."},
    )
    art = django_filters.ChoiceFilter(
        label="Art", field_name="kind", lookup_expr="exact", choices=Organisation.Kind.choices,
        error_messages={"invalid_choice": "Diese Art gibt es nicht; dieser Filter bleibt weg."},
    )
    plz = django_filters.CharFilter(label="PLZ", method="filter_radius", max_length=5)
    umkreis = django_filters.NumberFilter(
        label="Umkreis (km)", method="filter_nothing",
        min_value=MIN_RADIUS_KM, max_value=MAX_RADIUS_KM,
        error_messages={
            "invalid": "Der Umkreis ist keine Zahl; gesucht wird im Umkreis von 25 km.",
            "min_value": f"Der Umkreis liegt zwischen {MIN_RADIUS_KM} und {MAX_RADIUS_KM} km; gesucht wird im Umkreis von 25 km.",
            "max_value": f"Der Umkreis liegt zwischen {MIN_RADIUS_KM} und {MAX_RADIUS_KM} km; gesucht wird im Umkreis von 25 km.",
            "max_digits": "Der Umkreis ist zu lang; gesucht wird im Umkreis von 25 km.",
            "max_decimal_places": "Der Umkreis ist zu genau; gesucht wird im Umkreis von 25 km.",
            "max_whole_digits": "Der Umkreis ist zu groß; gesucht wird im Umkreis von 25 km.",
        },
    )
    # Free text comes last, so its "did the exact search find enough?" probe sees the others.
    q = django_filters.CharFilter(label="Suche", method="filter_text")

    class Meta:
        model = Organisation
        fields = []
        form = DirectoryForm

    # Facets whose options are single choices: counted with every filter but their own.
    SINGLE_FACETS = ("branche", "region", "netzwerk", "groesse", "art")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed = search.parse_query(self.data.get("q") if self.data else "")
        self._fuzzy = None

    # Filter methods ----------------------------------------------------------------------

    def filter_nothing(self, queryset, name, value):
        # Read by another filter (stand by netzwerk, umkreis by plz).
        return queryset

    def filter_competences(self, queryset, name, competences):
        through = Organisation.competences.through
        for competence in competences:
            # One EXISTS each: ALL of them, no duplicate rows, and a field counts its children.
            queryset = queryset.filter(Exists(
                through.objects.filter(organisation=OuterRef("pk"))
                .filter(Q(competence=competence) | Q(competence__parent=competence))
            ))
        return queryset

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__in=Region.objects.within(region))

    def membership_day(self):
        return self.form.cleaned_data.get("stand") or timezone.localdate()

    def filter_network(self, queryset, name, network):
        members = Membership.objects.as_of(self.membership_day()).filter(
            network=network, organisation=OuterRef("pk")
        )
        return queryset.filter(Exists(members))

    def filter_radius(self, queryset, name, centre):
        if not centre:
            return queryset
        radius = float(self.form.cleaned_data.get("umkreis") or DEFAULT_RADIUS_KM)
        lat0, lon0 = centre["latitude"], centre["longitude"]
        dlat = radius / KM_PER_DEGREE
        cos0 = math.cos(math.radians(lat0))
        dlon = dlat / max(cos0, 0.01)
        # The bounding box narrows by index-friendly ranges; then the equirectangular distance,
        # squared so it needs no sqrt or cos in SQL (SQLite has neither for certain).
        queryset = queryset.filter(
            latitude__range=(lat0 - dlat, lat0 + dlat), longitude__range=(lon0 - dlon, lon0 + dlon)
        )
        dy = F("latitude") - lat0
        dx = (F("longitude") - lon0) * cos0
        return queryset.alias(
            degrees_squared=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField())
        ).filter(degrees_squared__lte=dlat * dlat)

    def filter_text(self, queryset, name, value):
        if not self.parsed:
            return queryset
        if self._fuzzy is None:
            self._fuzzy = search.needs_fuzzy(queryset, self.parsed)
        return search.search(queryset, self.parsed, fuzzy=self._fuzzy)

    # Helpers for views ---------------------------------------------------------------------

    def value(self, name):
        """The cleaned value of one filter, or None when absent or invalid."""
        self.is_valid()
        return self.form.cleaned_data.get(name)

    def error_messages(self) -> list[str]:
        self.is_valid()
        messages = [message for errors in self.form.errors.values() for message in errors]
        if self.parsed.notice:
            messages.append(self.parsed.notice)
        return messages

    def filtered_except(self, skip: str | None):
        """The queryset with every valid filter applied except `skip`."""
        self.is_valid()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name == skip:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active(self) -> list[str]:
        """Names of the filters that take effect."""
        self.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
            if name in ("stand", "umkreis"):
                continue
            if name == "q":
                if self.parsed:
                    active.append(name)
            elif value not in (None, "", []) and (not hasattr(value, "exists") or list(value)):
                active.append(name)
        return active


class FirmFilter(OrganisationFilter):
    """/firmen/: every filter but the kind, which is fixed."""

    art = None
    SINGLE_FACETS = ("branche", "region", "netzwerk", "groesse")


# Facet counts ----------------------------------------------------------------------------


def _ids(queryset):
    return queryset.order_by().values("pk")


def facet_counts(filterset) -> dict:
    """Options with counts for each facet, each counted under the other active filters.

    One query per facet; the view documents them. Competences are counted under all filters
    including the selected competences, since selecting one more narrows down (ALL).
    """
    facets = {}
    selected = list(filterset.value("kompetenz") or [])
    facets["kompetenz"] = competence_counts(filterset.filtered_except(None), selected)
    if "branche" in filterset.filters:
        rows = (
            Sector.objects.filter(organisations__in=_ids(filterset.filtered_except("branche")))
            .values("slug", "name").annotate(count=Count("organisations")).order_by("-count", "name")
        )
        facets["branche"] = list(rows[:TOP_OPTIONS])
    facets["region"] = region_counts(filterset.filtered_except("region"))
    day = filterset.membership_day()
    rows = (
        Membership.objects.as_of(day)
        .filter(organisation__in=_ids(filterset.filtered_except("netzwerk")))
        .values(slug=F("network__slug"), name=F("network__name"))
        .annotate(count=Count("organisation", distinct=True)).order_by("-count", "name")
    )
    facets["netzwerk"] = list(rows[:TOP_OPTIONS])
    labels = dict(Organisation.EmployeeBand.choices)
    rows = (
        Organisation.objects.filter(pk__in=_ids(filterset.filtered_except("groesse"))).exclude(employees="")
        .values("employees").annotate(count=Count("pk")).order_by("employees")
    )
    order = list(labels)
    facets["groesse"] = sorted(
        ({"slug": row["employees"], "name": labels.get(row["employees"], row["employees"]), "count": row["count"]} for row in rows),
        key=lambda row: order.index(row["slug"]) if row["slug"] in order else 99,
    )
    if "art" in filterset.filters:
        kinds = dict(Organisation.Kind.choices)
        rows = (
            Organisation.objects.filter(pk__in=_ids(filterset.filtered_except("art")))
            .values("kind").annotate(count=Count("pk")).order_by("-count")
        )
        facets["art"] = [{"slug": r["kind"], "name": kinds.get(r["kind"], r["kind"]), "count": r["count"]} for r in rows]
    return facets


def _subquery(queryset):
    sql, params = _ids(queryset).query.sql_with_params()
    return sql, list(params)


def competence_counts(queryset, selected) -> list[dict]:
    """Top competences with the number of organisations having each or one of its children."""
    sql, params = _subquery(queryset)
    # Each link counts for its competence and, once per organisation, for that competence's
    # field; UNION drops the duplicates so COUNT(*) counts organisations.
    rows = _fetch(
        f"""
        WITH links AS (
            SELECT oc.organisation_id AS org, oc.competence_id AS cid
            FROM directory_organisation_competences oc
            WHERE oc.organisation_id IN ({sql})
        ),
        expanded AS (
            SELECT org, cid FROM links
            UNION
            SELECT l.org, leaf.parent_id FROM links l
            JOIN directory_competence leaf ON leaf.id = l.cid
            WHERE leaf.parent_id IS NOT NULL
        )
        SELECT c.slug, c.name, c.parent_id IS NULL AS is_field, COUNT(*) AS n
        FROM expanded e JOIN directory_competence c ON c.id = e.cid
        GROUP BY c.id, c.slug, c.name, c.parent_id
        ORDER BY n DESC, c.name
        LIMIT {TOP_OPTIONS + len(selected)}
        """,
        params,
    )
    selected_slugs = {c.slug for c in selected}
    options = [
        {"slug": slug, "name": name, "is_field": bool(is_field), "count": n, "selected": slug in selected_slugs}
        for slug, name, is_field, n in rows
    ]
    shown = [o for o in options if not o["selected"]][:TOP_OPTIONS]
    chosen = [o for o in options if o["selected"]]
    # A selected competence outside the top rows still shows, with its count.
    missing = selected_slugs - {o["slug"] for o in chosen}
    chosen += [{"slug": c.slug, "name": c.name, "is_field": c.parent_id is None, "count": None, "selected": True}
               for c in selected if c.slug in missing]
    return chosen + shown


def region_counts(queryset) -> list[dict]:
    """States and districts (with independent cities), each counting everything below it."""
    sql, params = _subquery(queryset)
    # Count per region first (one pass over the organisations), then roll the few hundred
    # counts up the tree: every organisation has one region, so the sums count organisations.
    rows = _fetch(
        f"""
        WITH per_region AS (
            SELECT o.region_id, COUNT(*) AS n
            FROM directory_organisation o
            WHERE o.id IN ({sql}) AND o.region_id IS NOT NULL
            GROUP BY o.region_id
        )
        SELECT x.slug, x.name, x.kind, SUM(pr.n) AS n
        FROM per_region pr
        JOIN directory_region r ON r.id = pr.region_id
        LEFT JOIN directory_region p ON p.id = r.parent_id
        JOIN directory_region x ON x.id = r.id OR x.id = r.parent_id OR x.id = p.parent_id
        WHERE x.kind IN ('state', 'district', 'city')
        GROUP BY x.id, x.slug, x.name, x.kind
        ORDER BY x.kind <> 'state', n DESC, x.name
        """,
        params,
    )
    states = [r for r in rows if r[2] == "state"]
    districts = [r for r in rows if r[2] != "state"][:TOP_OPTIONS]
    return [{"slug": s, "name": name, "is_state": kind == "state", "count": int(n)} for s, name, kind, n in states + districts]


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
