"""The directory's admin forms and the readers' correction form. What both apps' admin forms
share (dates typed as written, every database rule as a readable message) is in
netzwerk/lib/forms.py."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import (
    Citation,
    Membership,
    Organisation,
    Position,
    Relationship,
    Source,
    StatedMemberCount,
)
from netzwerk.lib.forms import (
    DATED_FIELDS,
    DatedModelForm,
    FuzzyDateField,
    FuzzyDatesMixin,
    RulesModelForm,
    https_urls,
)


class MembershipForm(DatedModelForm):
    attested = FuzzyDateField(
        label=_("Belegt am"),
        required=False,
        help_text=_("Wann eine Quelle die Mitgliedschaft belegt, wenn Beginn und Ende unbekannt sind."),
    )

    fuzzy_dates = {
        **DatedModelForm.fuzzy_dates,
        "attested": ("attested_date", "attested_precision", "lower"),
    }

    class Meta:
        model = Membership
        exclude = [*DATED_FIELDS, "attested_date", "attested_precision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        network = self.fields.get("network")
        if isinstance(network, forms.ModelChoiceField):
            # The model limits the choice to networks, so Django would answer a firm with its
            # generic "not one of the available choices". Accept any organisation here and let
            # Membership.clean() say why not; the autocomplete still offers only networks, as
            # it reads limit_choices_to from the model field, not from this form.
            network.queryset = Organisation.objects.all()


class PositionForm(DatedModelForm):
    attested = FuzzyDateField(
        label=_("Belegt am"),
        required=False,
        help_text=_("Wann eine Quelle die Funktion belegt, wenn Beginn und Ende unbekannt sind."),
    )

    fuzzy_dates = {
        **DatedModelForm.fuzzy_dates,
        "attested": ("attested_date", "attested_precision", "lower"),
    }

    class Meta:
        model = Position
        exclude = [*DATED_FIELDS, "attested_date", "attested_precision"]


class RelationshipForm(DatedModelForm):
    # Relationship.clean() puts the ends of an undirected link in stored order before the
    # constraints are checked, so "B kooperiert mit A" is saved as A–B, not refused.
    class Meta:
        model = Relationship
        exclude = DATED_FIELDS


class StatedMemberCountForm(FuzzyDatesMixin, RulesModelForm):
    as_of = FuzzyDateField(label=_("Stand"), required=False)

    fuzzy_dates = {"as_of": ("as_of_date", "as_of_precision", "lower")}

    class Meta:
        model = StatedMemberCount
        exclude = ["as_of_date", "as_of_precision"]


class SourceForm(FuzzyDatesMixin, RulesModelForm):
    published = FuzzyDateField(label=_("Erscheinungsdatum"), required=False)

    fuzzy_dates = {"published": ("published_date", "published_precision", "lower")}

    class Meta:
        model = Source
        exclude = ["published_date", "published_precision"]
        formfield_callback = https_urls


class OrganisationForm(RulesModelForm):
    KIND_LOCKED = _(
        "Diese Organisation hat Mitglieder und bleibt deshalb ein Netzwerk oder Verband. "
        "Ordnen Sie die Mitgliedschaften zuerst einem anderen Netzwerk zu oder löschen Sie sie."
    )

    class Meta:
        model = Organisation
        fields = "__all__"
        formfield_callback = https_urls

    def clean(self):
        cleaned_data = super().clean()
        # The database refuses this too (trigger network_keeps_kind); say why before it does.
        kind = cleaned_data.get("kind")
        if (
            self.instance.pk
            and "kind" in self.changed_data
            and self.initial.get("kind") == Organisation.Kind.NETWORK
            and kind != Organisation.Kind.NETWORK
            and Membership.objects.filter(network_id=self.instance.pk).exists()
        ):
            self.add_error("kind", self.KIND_LOCKED)
        return cleaned_data


class CitationForm(RulesModelForm):
    class Meta:
        model = Citation
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        content_type, object_id = cleaned_data.get("content_type"), cleaned_data.get("object_id")
        if content_type and object_id is not None:
            try:
                content_type.get_object_for_this_type(pk=object_id)
            except ObjectDoesNotExist:
                self.add_error(
                    "object_id",
                    gettext("%(kind)s Nr. %(id)s gibt es nicht.") % {"kind": content_type.name, "id": object_id},
                )
        return cleaned_data


class CorrectionForm(forms.Form):
    """A reader's correction request; `website` is a honeypot that people never see."""

    message = forms.CharField(
        label=_("Was ist falsch?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        help_text=_("Bitte nennen Sie, was nicht stimmt, und wenn möglich eine Quelle."),
    )
    contact = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig)"),
        required=False,
        max_length=200,
        help_text=_("Nur für Rückfragen der Redaktion; sie wird nicht veröffentlicht."),
    )
    website = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
