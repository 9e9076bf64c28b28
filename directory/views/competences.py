"""The competence tree: every field with its competences and how many firms have each."""

from collections import defaultdict

from django.db import connection
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from directory.models import Competence, Organisation
from directory.models.vocabulary import in_display_order
from netzwerk.lib import cache, caching


def firm_directory_url() -> str:
    """The firm directory (/firmen/), which a competence link filters by `kompetenz`."""
    return reverse("directory:firm-list")


def link_to_directory(competences, base_url: str | None = None):
    """Set each competence's `directory_url`, the directory filtered by it; returns them."""
    base_url = base_url or firm_directory_url()
    for competence in competences:
        competence.directory_url = f"{base_url}?kompetenz={competence.slug}"
    return competences


def competences_with_firm_counts() -> list[Competence]:
    """Every competence with `firm_count`: the firms having it or, for a field, the field or any
    of its competences, each firm once. One query.

    Each competence link counts for its competence and for that competence's field (the LATERAL
    VALUES row pair), then one grouped COUNT(DISTINCT) over the links: a single pass over the
    link table, where a correlated count per competence took 90 s at 100,000 firms. The tree
    is two levels deep (fields and their competences), which the pair relies on.
    """
    links = Organisation.competences.through._meta.db_table
    return list(
        Competence.objects.raw(
            f"""
            SELECT competence.*, COALESCE(counts.firm_count, 0) AS firm_count
            FROM {Competence._meta.db_table} AS competence
            LEFT JOIN (
                SELECT node.id AS competence_id, COUNT(DISTINCT link.organisation_id) AS firm_count
                FROM {links} AS link
                JOIN {Competence._meta.db_table} AS linked ON linked.id = link.competence_id
                JOIN {Organisation._meta.db_table} AS organisation ON organisation.id = link.organisation_id
                CROSS JOIN LATERAL (VALUES (linked.id), (linked.parent_id)) AS node (id)
                WHERE organisation.kind = %s AND node.id IS NOT NULL
                GROUP BY node.id
            ) AS counts ON counts.competence_id = competence.id
            ORDER BY competence.name, competence.id
            """
            if connection.vendor == "postgresql"
            # SQLite (make run) has no LATERAL: the link counted for its competence and its
            # field by a UNION ALL, two passes, which the small embedded data does not notice.
            else f"""
            SELECT competence.*, COALESCE(counts.firm_count, 0) AS firm_count
            FROM {Competence._meta.db_table} AS competence
            LEFT JOIN (
                SELECT node_id AS competence_id, COUNT(DISTINCT organisation_id) AS firm_count
                FROM (
                    SELECT linked.id AS node_id, link.organisation_id AS organisation_id
                    FROM {links} AS link
                    JOIN {Competence._meta.db_table} AS linked ON linked.id = link.competence_id
                    UNION ALL
                    SELECT linked.parent_id, link.organisation_id
                    FROM {links} AS link
                    JOIN {Competence._meta.db_table} AS linked ON linked.id = link.competence_id
                    WHERE linked.parent_id IS NOT NULL
                ) AS node
                JOIN {Organisation._meta.db_table} AS organisation ON organisation.id = node.organisation_id
                WHERE organisation.kind = %s
                GROUP BY node_id
            ) AS counts ON counts.competence_id = competence.id
            ORDER BY competence.name, competence.id
            """,
            [Organisation.Kind.FIRM],
        )
    )


def cached_competences_with_firm_counts(version=cache.READ) -> list[Competence]:
    """competences_with_firm_counts(), cached while competences and their links are unchanged
    (netzwerk/lib/cache.py): one query for the versions (none when the caller passes them),
    and the counting query only after a write."""
    return cache.cached(
        "directory-competence-counts", (), competences_with_firm_counts, tables=caching.COMPETENCES, versions=version
    )


@require_safe
def competence_list(request):
    # 1 the versions of the tables the tree reads; then, unless the rendered tree is cached
    # (netzwerk/lib/cache.py), 2, unless cached: every competence with its count
    body = cache.Fragment("competences", request, caching.COMPETENCES)
    if body.hit:
        return render(request, "directory/competence_list.html", {"body": body})
    competences = cached_competences_with_firm_counts(body.versions)
    link_to_directory(competences)
    children = defaultdict(list)
    for competence in competences:
        if competence.parent_id is not None:
            children[competence.parent_id].append(competence)
    fields = [
        {"field": competence, "competences": in_display_order(children[competence.pk])}
        for competence in in_display_order(competences)
        if competence.parent_id is None
    ]
    return render(
        request,
        "directory/competence_list.html",
        # body: stored by the template's {% cached_fragment %} once rendered.
        {"fields": fields, "competence_count": len(competences) - len(fields), "body": body},
    )
