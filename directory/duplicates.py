"""Pairs of organisations that may be the same: similar names or aliases, same website, or the
same postcode with a somewhat similar name. For the duplicates page in admin (PostgreSQL)."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation

# Names at least this similar (pg_trgm similarity of the folded forms) make a pair by themselves;
# at the same postcode a lower similarity suffices.
NAME_SIMILARITY = 0.6
SAME_POSTCODE_SIMILARITY = 0.3
MAX_PAIRS = 100

REASONS = {
    "name": _("ähnlicher Name"),
    "website": _("gleiche Website"),
    "postcode": _("gleiche PLZ, ähnlicher Name"),
}

# The name side is every name and alias; the other side the names only, through the trigram index
# on netzwerk_fold(name) (migration 0008), so each name is one index probe, not a pass over all.
_SQL = """
WITH names AS (
    SELECT id, netzwerk_fold(name) AS folded FROM directory_organisation
    UNION ALL
    SELECT o.id, netzwerk_fold(alias) FROM directory_organisation o,
        regexp_split_to_table(o.aliases, E'\\n') AS alias
    WHERE btrim(alias) <> ''
),
by_name AS (
    SELECT LEAST(n.id, o.id) AS first, GREATEST(n.id, o.id) AS second,
        similarity(n.folded, netzwerk_fold(o.name)) AS score, 'name' AS reason
    FROM names n JOIN directory_organisation o
        ON netzwerk_fold(o.name) %% n.folded AND o.id <> n.id
),
sites AS (
    SELECT id, lower(substring(website from '^[a-zA-Z]+://(?:www\\.)?([^/:?#]+)')) AS domain
    FROM directory_organisation WHERE website <> ''
),
by_website AS (
    SELECT a.id, b.id, 1.0, 'website' FROM sites a JOIN sites b ON a.domain = b.domain AND a.id < b.id
),
by_postcode AS (
    SELECT a.id, b.id, similarity(netzwerk_fold(a.name), netzwerk_fold(b.name)), 'postcode'
    FROM directory_organisation a JOIN directory_organisation b
        ON a.postcode = b.postcode AND a.postcode <> '' AND a.id < b.id
    WHERE similarity(netzwerk_fold(a.name), netzwerk_fold(b.name)) >= %(postcode_similarity)s
)
SELECT first, second, max(score) AS score, array_agg(DISTINCT reason ORDER BY reason)
FROM (
    SELECT * FROM by_name UNION ALL SELECT * FROM by_website UNION ALL SELECT * FROM by_postcode
) pairs
GROUP BY first, second
ORDER BY score DESC, first, second
LIMIT %(limit)s
"""


@dataclass
class Candidate:
    first: Organisation
    second: Organisation
    score: float
    reasons: list[str]

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]


def duplicate_candidates(limit: int = MAX_PAIRS) -> list[Candidate]:
    """The likeliest pairs first. Two queries: the pairs, then their organisations."""
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL: the threshold of the % operator, for this transaction only.
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [NAME_SIMILARITY])
        cursor.execute(_SQL, {"postcode_similarity": SAME_POSTCODE_SIMILARITY, "limit": limit})
        rows = cursor.fetchall()
    organisations = Organisation.objects.select_related("region").in_bulk(
        {pk for first, second, _score, _reasons in rows for pk in (first, second)}
    )
    return [
        Candidate(organisations[first], organisations[second], float(score), list(reasons))
        for first, second, score, reasons in rows
        if first in organisations and second in organisations
    ]
