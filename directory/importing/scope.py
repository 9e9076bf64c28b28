"""An editor's import, checked row by row against their scope (directory/permissions.py).

A network's editors import their own network's member list. They may add new organisations
and memberships in their own networks and change organisations in their scope (members of
their networks, ones they entered). A row outside that is an error naming the row, and as with
every error nothing is written. Superusers are not checked.

A firm already in another network's list may join the editor's network: the row then adds the
membership (cited to the row's source) and leaves the firm's own data alone. Should the row
change that data, it is an error: the other office keeps it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory.models import Organisation
from directory.permissions import editable_networks, editable_organisations, is_unrestricted

from .planning import Lookups, Plan
from .report import ImportReport


@dataclass(frozen=True)
class Scope:
    networks: frozenset[int]
    organisations: frozenset[int]

    @classmethod
    def of(cls, user) -> "Scope | None":
        """The user's scope; None for a superuser (or no user: the management command)."""
        if user is None or is_unrestricted(user):
            return None
        return cls(
            networks=frozenset(editable_networks(user).values_list("pk", flat=True)),
            organisations=frozenset(editable_organisations(user).values_list("pk", flat=True)),
        )


def check_scope(plans: list[Plan], scope: Scope, lookups: Lookups, report: ImportReport) -> None:
    """Report every row the editor may not import; adjusts the plans of firms outside the
    scope that only join the editor's network (no citation on another office's record)."""
    outcomes = {outcome.row: outcome for outcome in report.rows}
    for plan in plans:
        row, organisation = plan.row, plan.organisation
        for network_id in row.network_ids:
            if network_id not in scope.networks:
                report.error(
                    row.number,
                    "networks",
                    _("„%(network)s“ ist nicht Ihr Netzwerk: Mitgliedschaften tragen Sie nur in Ihrem Netzwerk ein.")
                    % {"network": lookups.names.get(network_id, network_id)},
                )
        if organisation is None:
            if row.values.get("kind") == Organisation.Kind.NETWORK:
                report.error(
                    row.number, "kind", _("Ein neues Netzwerk legt die Redaktion des Atlas an, nicht der Import.")
                )
            continue
        if organisation.pk in scope.organisations:
            continue
        if plan.fields or plan.competence_keys or plan.sector_ids:
            report.error(
                row.number,
                "name",
                _(
                    "„%(name)s“ gehört zu keinem Ihrer Netzwerke: Sie können es als Mitglied eintragen, "
                    "seine Angaben aber nicht ändern. Bitte die übrigen Spalten dieser Zeile leeren."
                )
                % {"name": organisation.name},
            )
            continue
        # Only the membership is written: the record itself (its `updated`, its history, a
        # citation) stays the other office's.
        plan.save = False
        if plan.cite_organisation:
            plan.cite_organisation = False
            outcome = outcomes.get(row.number)
            if outcome is not None:
                outcome.changes = [change for change in outcome.changes if change != str(_("Quelle"))]
                if not outcome.changes:
                    outcome.action = "unchanged"
