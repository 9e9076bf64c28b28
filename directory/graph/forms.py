"""The graph pages' parameters, validated with readable German messages.

A bad value never costs a 500: pages show the message and leave that filter out, the JSON
endpoints answer 400 with the messages.
"""

import datetime
import unicodedata

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Region, Sector

from .edges import EDGE_TYPES, Window

MIN_YEAR, MAX_YEAR = 1800, 2100
MAX_NAME_CHARS = 200


class SlugChoiceField(forms.ModelChoiceField):
    """A model chosen by slug, with the unknown slug named in the message."""

    def __init__(self, queryset, *, label, unknown, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, label=label, **kwargs)
        self.unknown = unknown

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(self.unknown % {"value": value}, code="invalid_choice") from None


def _types_field():
    return forms.MultipleChoiceField(
        label=_("Art der Verbindung"),
        required=False,
        choices=[(key, label) for key, label in EDGE_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Die Verbindungsart „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")},
    )


def _stand_field():
    return forms.DateField(
        label=_("Stand"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Das Datum bei „Stand“ ist ungültig (Beispiel: 2019-09-24); dieser Filter bleibt weg.")
        },
    )


class WindowMixin:
    def window(self) -> Window:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Window(day=data.get("stand"))

    def types(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        chosen = data.get("art")
        return frozenset(chosen) if chosen else None

    def messages(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]


def _year_field(label, message):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class GraphForm(WindowMixin, forms.Form):
    """/kooperationen/ and its JSON and downloads."""

    netzwerk = SlugChoiceField(
        Organisation.objects.networks(),
        label=_("Netzwerk"),
        unknown=_("Das Netzwerk „%(value)s“ gibt es nicht; dieser Filter bleibt weg."),
    )
    region = SlugChoiceField(
        Region.objects.exclude(kind=Region.Kind.MUNICIPALITY),
        label=_("Region"),
        unknown=_("Die Region „%(value)s“ gibt es nicht; dieser Filter bleibt weg."),
    )
    branche = SlugChoiceField(
        Sector.objects.all(),
        label=_("Branche"),
        unknown=_("Die Branche „%(value)s“ gibt es nicht; dieser Filter bleibt weg."),
    )
    art = _types_field()
    von = _year_field(_("Von (Jahr)"), _("„Von“ ist kein Jahr zwischen 1800 und 2100; dieser Filter bleibt weg."))
    bis = _year_field(_("Bis (Jahr)"), _("„Bis“ ist kein Jahr zwischen 1800 und 2100; dieser Filter bleibt weg."))
    stand = _stand_field()
    alle = forms.BooleanField(label=_("Alle zeichnen (bis zu 5.000 Knoten, langsam)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The regions a user picks from: states, districts and cities, not every municipality
        # (a municipality's slug still works in the address).
        self.fields["region"].queryset = Region.objects.all()

    def window(self) -> Window:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Window(
            day=data.get("stand"),
            lower=datetime.date(data["von"], 1, 1) if data.get("von") else None,
            upper=datetime.date(data["bis"], 12, 31) if data.get("bis") else None,
        )

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            self.add_error("bis", _("„Bis“ liegt vor „Von“; der Zeitraum bleibt weg."))
            data.pop("von", None)
        if data.get("stand") and (data.get("von") or data.get("bis")):
            self.add_error(
                "stand", _("Entweder ein Stichtag („Stand“) oder ein Zeitraum („Von“/„Bis“); der Stichtag gilt.")
            )
            data.pop("von", None)
            data.pop("bis", None)
        return data


class EgoForm(WindowMixin, forms.Form):
    """An organisation's ego network (page and JSON)."""

    tiefe = forms.TypedChoiceField(
        label=_("Tiefe"),
        required=False,
        coerce=int,
        empty_value=1,
        choices=[("1", "1"), ("2", "2")],
        error_messages={"invalid_choice": _("Die Tiefe ist 1 oder 2; gezeigt wird Tiefe 1.")},
    )
    art = _types_field()
    stand = _stand_field()

    def depth(self) -> int:
        return (self.cleaned_data.get("tiefe") if hasattr(self, "cleaned_data") else None) or 1


class NameField(forms.CharField):
    """An organisation's name as typed: at most MAX_NAME_CHARS characters and no control
    characters (a pasted tab or line break, a NUL), each refused with a message naming the field."""

    def __init__(self, *, label):
        super().__init__(label=label, required=False)

    def to_python(self, value):
        value = super().to_python(value)
        # Checked here rather than by validators, so a NUL gets this message and not Django's own.
        if len(value) > MAX_NAME_CHARS:
            raise forms.ValidationError(
                gettext("„%(field)s“: Der Name ist zu lang (höchstens %(max)s Zeichen).")
                % {"field": self.label, "max": MAX_NAME_CHARS},
                code="max_length",
            )
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise forms.ValidationError(
                gettext("„%(field)s“ enthält Steuerzeichen; bitte nur den Namen eingeben.") % {"field": self.label},
                code="control_characters",
            )
        return value


class PathForm(WindowMixin, forms.Form):
    """/kooperationen/pfad/: from one organisation to another."""

    von = NameField(label=_("Von"))
    nach = NameField(label=_("Nach"))
    art = _types_field()
    stand = _stand_field()
