"""Pairs of organisations that may be the same: similar names or aliases, same website, or the
same postcode with a somewhat similar name. For the duplicates page in admin (PostgreSQL;
pg_trgm's similarity(), migration 0002)."""

from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
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

# Names are compared within blocks, never each with every other (that grows with the square
# of the directory: hours at 100,000 firms, and a trigram index does not help when most names
# share "gmbh"): similar names within the same first word and the same start of the second
# ("mueller pra…"), and at the same postcode within the same first word. Every name and alias
# is folded once.
_SQL = """
WITH names AS (
    SELECT id, postcode, netzwerk_fold(name) AS folded FROM directory_organisation
    UNION
    SELECT o.id, o.postcode, netzwerk_fold(alias) FROM directory_organisation o,
        regexp_split_to_table(o.aliases, E'\\n') AS alias
    WHERE btrim(alias) <> ''
),
keyed AS (
    SELECT id, postcode, folded, split_part(folded, ' ', 1) AS first_word,
        left(split_part(folded, ' ', 2), 3) AS second_start
    FROM names WHERE folded <> ''
),
by_name AS (
    SELECT a.id AS first, b.id AS second, similarity(a.folded, b.folded) AS score, 'name' AS reason
    FROM keyed a JOIN keyed b
        ON a.first_word = b.first_word AND a.second_start = b.second_start AND a.id < b.id
    WHERE similarity(a.folded, b.folded) >= %(name_similarity)s
),
by_postcode AS (
    SELECT a.id, b.id, similarity(a.folded, b.folded), 'postcode'
    FROM keyed a JOIN keyed b
        ON a.postcode = b.postcode AND a.first_word = b.first_word AND a.id < b.id
    WHERE a.postcode <> '' AND similarity(a.folded, b.folded) >= %(postcode_similarity)s
),
sites AS (
    SELECT id, lower(substring(website from '^[a-zA-Z]+://(?:www\\.)?([^/:?#]+)')) AS domain
    FROM directory_organisation WHERE website <> ''
),
by_website AS (
    SELECT a.id, b.id, 1.0, 'website' FROM sites a JOIN sites b ON a.domain = b.domain AND a.id < b.id
)
SELECT first, second, max(score) AS score, array_agg(DISTINCT reason ORDER BY reason)
FROM (
    SELECT * FROM by_name UNION ALL SELECT * FROM by_website UNION ALL SELECT * FROM by_postcode
) pairs
GROUP BY first, second
ORDER BY score DESC, first, second
LIMIT %(limit)s
"""
# An admin page must answer; past this the page says the search took too long.
TIMEOUT = "30s"


@dataclass
class Candidate:
    first: Organisation
    second: Organisation
    score: float
    reasons: list[str]

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]


class TooSlow(Exception):
    """The search ran past TIMEOUT."""


def duplicate_candidates(limit: int = MAX_PAIRS) -> list[Candidate]:
    """The likeliest pairs first. Two queries: the pairs, then their organisations.

    Raises TooSlow when the pairs take longer than TIMEOUT.
    """
    try:
        rows = _pairs(limit)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise TooSlow from None
        raise
    organisations = Organisation.objects.select_related("region").in_bulk(
        {pk for first, second, _score, _reasons in rows for pk in (first, second)}
    )
    return [
        Candidate(organisations[first], organisations[second], float(score), list(reasons))
        for first, second, score, reasons in rows
        if first in organisations and second in organisations
    ]


def _pairs(limit: int) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL: for this transaction only.
        cursor.execute(f"SET LOCAL statement_timeout = '{TIMEOUT}'")
        cursor.execute(
            _SQL,
            {
                "name_similarity": NAME_SIMILARITY,
                "postcode_similarity": SAME_POSTCODE_SIMILARITY,
                "limit": limit,
            },
        )
        return cursor.fetchall()
