"""The linked records shown on an organisation's or a person's page."""

from django.utils.translation import gettext_lazy as _

from directory.forms import MembershipForm, PositionForm, StatedMemberCountForm
from directory.models import Membership, Position, StatedMemberCount
from events.models import Participation
from netzwerk.admin_base import RulesTabularInline


class MembershipInline(RulesTabularInline):
    """On an organisation: the networks it is a member of."""

    model = Membership
    form = MembershipForm
    fk_name = "organisation"
    fields = ["network", "role", "start", "end", "attested"]
    autocomplete_fields = ["network"]
    verbose_name = _("Mitgliedschaft in einem Netzwerk")
    verbose_name_plural = _("Mitglied in")


class MemberInline(RulesTabularInline):
    """On a network: its members."""

    model = Membership
    form = MembershipForm
    fk_name = "network"
    fields = ["organisation", "role", "start", "end", "attested"]
    autocomplete_fields = ["organisation"]
    verbose_name = _("Mitglied")
    verbose_name_plural = _("Mitglieder")


class OrganisationPositionInline(RulesTabularInline):
    model = Position
    form = PositionForm
    fk_name = "organisation"
    fields = ["person", "role", "start", "end", "attested"]
    autocomplete_fields = ["person"]
    verbose_name_plural = _("Personen und Funktionen")


class PersonPositionInline(RulesTabularInline):
    model = Position
    form = PositionForm
    fk_name = "person"
    fields = ["organisation", "role", "start", "end", "attested"]
    autocomplete_fields = ["organisation"]


class OrganisationParticipationInline(RulesTabularInline):
    model = Participation
    fk_name = "organisation"
    fields = ["event", "person", "role", "talk_title"]
    autocomplete_fields = ["event", "person"]


class PersonParticipationInline(RulesTabularInline):
    model = Participation
    fk_name = "person"
    fields = ["event", "organisation", "role", "talk_title"]
    autocomplete_fields = ["event", "organisation"]


class StatedMemberCountInline(RulesTabularInline):
    """On a network: the member counts sources state; their citations on each count's own page."""

    model = StatedMemberCount
    form = StatedMemberCountForm
    fields = ["count", "label", "as_of", "note"]
    verbose_name_plural = _("Angegebene Mitgliederzahlen (mit Quelle: Zahl öffnen)")
