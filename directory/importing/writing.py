"""Writing a planned import (planning.py): in batches, with one history record per changed row."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Citation, Competence, Membership, Organisation, PostalCode, Source
from directory.search import refresh_search_documents

from .planning import Lookups, Plan, existing_sources
from .report import ImportReport

BATCH = 1000
# bulk_update() (SQLite only) writes CASE WHEN id = … for every row of a batch: small batches.
UPDATE_BATCH = 100


class Writer:
    """Bulk writes that still leave one history record per changed row, with user and reason.

    A 10,000-row file saved row by row through .save() takes several minutes (five to eight
    statements a row, each a round trip); in batches it takes seconds. Where a model keeps a
    change history (django-simple-history), its bulk helpers record each row as .save()
    would; the save() side effects the import needs are done here instead: region and
    coordinates from the postcode, `updated`, and the search documents (refreshed once).
    """

    def __init__(self, *, user, reason: str):
        self.user, self.reason = user, reason

    @staticmethod
    def has_history(model) -> bool:
        return hasattr(model._meta, "simple_history_manager_attribute")

    def create(self, model, objects: list) -> list:
        if not objects:
            return objects
        if self.has_history(model):
            from simple_history.utils import bulk_create_with_history

            return bulk_create_with_history(
                objects, model, batch_size=BATCH, default_user=self.user, default_change_reason=self.reason
            )
        return model._default_manager.bulk_create(objects, batch_size=BATCH)

    def update(self, model, objects: list, fields: set[str]) -> None:
        """Write the given fields of loaded objects, then one history record each.

        On PostgreSQL one UPDATE … FROM unnest() per batch: bulk_update() writes CASE WHEN
        id = … for every row, which PostgreSQL tests row by row (the square of the batch).
        """
        if not objects:
            return
        fields = sorted(fields)
        if connection.vendor != "postgresql":
            model._default_manager.bulk_update(objects, fields, batch_size=UPDATE_BATCH)
        else:
            meta, quote = model._meta, connection.ops.quote_name
            columns = [meta.pk, *(meta.get_field(name) for name in fields)]
            sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns[1:])
            arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in columns)
            names = ", ".join(quote(f.column) for f in columns)
            sql = (
                f"UPDATE {quote(meta.db_table)} AS t SET {sets} FROM unnest({arrays}) AS v({names}) "
                f"WHERE t.{quote(meta.pk.column)} = v.{quote(meta.pk.column)}"
            )
            with connection.cursor() as cursor:
                for start in range(0, len(objects), BATCH):
                    batch = objects[start : start + BATCH]
                    cursor.execute(
                        sql,
                        [[f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in batch] for f in columns],
                    )
        if self.has_history(model):
            from simple_history.utils import get_history_manager_for_model

            get_history_manager_for_model(model).bulk_history_create(
                objects,
                batch_size=BATCH,
                update=True,
                default_user=self.user,
                default_change_reason=self.reason,
            )

    def link(self, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert link rows given as tuples of ids (through tables, citations).

        On PostgreSQL without change history for the model, one INSERT … SELECT FROM unnest()
        per column set: no model instances, no per-row SQL (tens of thousands of rows for a big
        file). Otherwise through the model (with history where it has one).
        """
        if not rows:
            return
        if connection.vendor != "postgresql" or self.has_history(model):
            objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
            if self.has_history(model):
                self.create(model, objects)
            else:
                model._default_manager.bulk_create(objects, batch_size=BATCH, ignore_conflicts=True)
            return
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(model._meta.get_field(column).column) for column in columns)
        arrays = ", ".join(f"%s::{model._meta.get_field(column).cast_db_type(connection)}[]" for column in columns)
        if model is Citation:
            names, arrays = f"{names}, quote", f"{arrays}, array_fill(''::text, ARRAY[%s])"
        with connection.cursor() as cursor:
            params = [list(values) for values in zip(*rows, strict=True)]
            if model is Citation:
                params.append(len(rows))
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING",
                params,
            )

    def save(self, instance) -> None:
        """One record through save(), for the few the file adds to the vocabularies."""
        instance._history_user = self.user
        instance._change_reason = self.reason
        instance.save()


def write(plans: list[Plan], lookups: Lookups, report: ImportReport, *, user) -> None:
    writer = Writer(user=user, reason=_("Import aus %(file)s") % {"file": report.filename})
    now = timezone.now()

    new_competences = {}
    for key, name in lookups.new_competences.items():
        competence = Competence(
            name=name,
            slug=lookups.unique_slug(name, lookups.competence_slugs, "kompetenz"),
            reviewed=False,
        )
        writer.save(competence)
        new_competences[key] = competence.pk

    sources = existing_sources([plan.row for plan in plans])
    source_slugs: set[str] = set()
    for plan in plans:
        if plan.row.source and plan.row.source not in sources:
            url, title = plan.row.source
            if not source_slugs:
                source_slugs.update(Source.objects.values_list("slug", flat=True))
            source = Source(url=url, title=title, slug=lookups.unique_slug(title, source_slugs, "quelle"))
            writer.save(source)
            sources[plan.row.source] = source

    postal_codes = defaultdict(list)
    for postal_code in PostalCode.objects.filter(
        code__in={plan.row.values.get("postcode") for plan in plans} - {None}
    ).select_related("region"):
        postal_codes[postal_code.code].append(postal_code)

    # Organisations: the new ones, then the changed ones.
    created, changed, changed_fields = [], [], {"updated"}
    for plan in plans:
        row = plan.row
        if plan.organisation is None:
            plan.is_new = True
            plan.organisation = Organisation(
                name=row.name,
                aliases="\n".join(row.aliases),
                slug=lookups.unique_slug(row.name, lookups.taken_slugs, "organisation"),
                created=now,
                updated=now,
                **row.values,
            )
            created.append(plan.organisation)
        elif plan.save:
            plan.organisation.updated = now
            changed.append(plan.organisation)
            changed_fields |= plan.fields
        else:
            continue
        plan.organisation.locate_from_postcode(candidates=postal_codes.get(plan.organisation.postcode, []))
        if plan.organisation.region_id or plan.organisation.latitude is not None:
            changed_fields |= {"region", "latitude", "longitude"}
    writer.create(Organisation, created)
    writer.update(Organisation, changed, changed_fields)

    # Their links: competences and sectors, memberships, citations.
    competence_links, sector_links = [], []
    new_memberships, changed_memberships, cited_memberships = [], [], []
    for plan in plans:
        organisation = plan.organisation
        competence_links += [
            (organisation.pk, int(key) if key.isdigit() else new_competences[key]) for key in plan.competence_keys
        ]
        sector_links += [(organisation.pk, sector_id) for sector_id in plan.sector_ids]
        for network_id, start, membership, save, cite in plan.memberships:
            if membership is None:
                membership = Membership(organisation=organisation, network_id=network_id)
                membership.start = start
                new_memberships.append(membership)
            elif save:
                changed_memberships.append(membership)
            if cite:
                cited_memberships.append((membership, sources[plan.row.source]))
    writer.link(Organisation.competences.through, ("organisation_id", "competence_id"), competence_links)
    writer.link(Organisation.sectors.through, ("organisation_id", "sector_id"), sector_links)
    writer.create(Membership, new_memberships)
    writer.update(Membership, changed_memberships, {"start_date", "start_precision"})

    types = ContentType.objects.get_for_models(Organisation, Membership)
    citations = [(source.pk, types[Membership].pk, membership.pk) for membership, source in cited_memberships] + [
        (sources[plan.row.source].pk, types[Organisation].pk, plan.organisation.pk)
        for plan in plans
        if plan.cite_organisation
    ]
    writer.link(Citation, ("source_id", "content_type_id", "object_id"), citations)

    refresh_search_documents([plan.organisation.pk for plan in plans if _searchable_change(plan)])


# What the stored search document and the facet keys are built from (directory/search.py):
# names, competences, description, place; sectors and memberships (facet keys only). A new
# phone number or website needs no new document.
SEARCHED_FIELDS = {"name", "short_name", "aliases", "description", "city", "region"}


def _searchable_change(plan: Plan) -> bool:
    if not plan.save:
        return False
    if plan.is_new:
        return True
    return bool(plan.competence_keys or plan.sector_ids or plan.memberships or plan.fields & SEARCHED_FIELDS)
