"""Admin form helpers: dates typed as written, and every database rule as a readable message.

A network office types "2016", "März 2016" or "24.09.2019" into one box; the form stores the
date and its precision. The database enforces the rules (named constraints, one trigger); these
forms check the same rules before saving, so an editor reads a sentence instead of a server error,
also in inline rows, where Django itself skips some of the checks.
"""

from collections import defaultdict

from django import forms
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, UniqueConstraint, Value
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField
from django.utils.translation import gettext_lazy as _

from netzwerk.lib.fuzzydates import FuzzyDate, Precision

FUZZY_DATE_HELP = _("Ein Jahr (2016), ein Monat (03.2016 oder März 2016) oder ein Tag (24.09.2019).")
DATED_FIELDS = ["start_date", "start_precision", "end_date", "end_precision"]


def _as_written(value) -> str:
    """How a fuzzy date reads, so "2019" typed again equals the stored 31.12.2019 (year)."""
    if isinstance(value, FuzzyDate):
        return value.as_input()
    if not value:
        return ""
    try:
        return FuzzyDate.parse(value).as_input()
    except ValueError:
        return str(value)


class FuzzyDateField(forms.CharField):
    """One text box for a date as precise as it is known; cleans to a FuzzyDate or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", FUZZY_DATE_HELP)
        kwargs.setdefault("empty_value", None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 14, "placeholder": _("z. B. März 2016")}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.as_input() if isinstance(value, FuzzyDate) else value

    def to_python(self, value) -> FuzzyDate | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return FuzzyDate.parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return _as_written(initial) != _as_written(data)


def https_urls(db_field, **kwargs):
    """Form fields as the model makes them, with "www.impro.de" read as https://www.impro.de."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def constraint_fields(constraint) -> set[str]:
    """The model fields a constraint reads, its condition included."""
    fields = set(getattr(constraint, "fields", ()))
    condition = getattr(constraint, "condition", None)
    if condition is not None:
        fields |= Q(condition).referenced_base_fields
    return fields


class RulesModelForm(forms.ModelForm):
    """A model form that checks every constraint before saving, in inline rows too."""

    def validate_unique(self):
        super().validate_unique()
        # In an inline row Django leaves the link to the parent out of model validation
        # (#12507), which silently skips every constraint naming it, such as "no organisation
        # a member of itself" in a network's member list. Check those once the parent exists;
        # unique constraints across rows are the formset's job (RulesInlineFormSet).
        parent_links = {name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)}
        if not parent_links:
            return
        if any(self.instance.serializable_value(name) is None for name in parent_links):
            return  # A new parent: nothing stored can break these yet.
        exclude = self._get_validation_exclusions() - parent_links
        for model, constraints in self.instance.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, UniqueConstraint):
                    continue
                if not constraint_fields(constraint) & parent_links:
                    continue
                try:
                    constraint.validate(model, self.instance, exclude=exclude)
                except ValidationError as error:
                    self.add_error(None, error)


class FuzzyDatesMixin:
    """Text fields for a model's date + precision pairs.

    fuzzy_dates maps a form field to (date field, precision field, "lower" or "upper"): a start
    is stored as the first day of its period, an end as the last.
    """

    fuzzy_dates: dict[str, tuple[str, str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (date_field, precision_field, _labels) in self.fuzzy_dates.items():
            day = getattr(self.instance, date_field)
            if day and name not in self.initial:
                self.initial[name] = FuzzyDate(day, getattr(self.instance, precision_field))

    def _fuzzy_dates_in_use(self):
        return {name: fields for name, fields in self.fuzzy_dates.items() if name in self.fields}

    def clean(self):
        cleaned_data = super().clean()
        for name, (date_field, precision_field, bound) in self._fuzzy_dates_in_use().items():
            if name not in cleaned_data:
                continue
            value = cleaned_data[name]
            setattr(self.instance, date_field, getattr(value, bound) if value else None)
            setattr(self.instance, precision_field, str(value.precision) if value else Precision.DAY)
        return cleaned_data

    def _get_validation_exclusions(self):
        # Django leaves model fields that are not on the form out of model validation. The
        # dates are on the form under other names, so the rules on them (end not before start,
        # one link per start) must still be checked; unless the typed date itself was wrong.
        exclude = super()._get_validation_exclusions()
        for name, (date_field, precision_field, _labels) in self._fuzzy_dates_in_use().items():
            if name not in self._errors:
                exclude -= {date_field, precision_field}
        return exclude


class DatedModelForm(FuzzyDatesMixin, RulesModelForm):
    """For models with the Dated mixin: one text box for the start, one for the end."""

    start = FuzzyDateField(label=_("Beginn"), required=False)
    end = FuzzyDateField(
        label=_("Ende"),
        required=False,
        help_text=_(
            "Ein Jahr (2016), ein Monat (03.2016 oder März 2016) oder ein Tag (24.09.2019). "
            "„2019“ heißt: bis Ende 2019."
        ),
    )

    fuzzy_dates = {
        "start": ("start_date", "start_precision", "lower"),
        "end": ("end_date", "end_precision", "upper"),
    }

    class Meta:
        exclude = DATED_FIELDS


class UniqueRowsMixin:
    """Checks the model's unique constraints across the rows of an inline formset.

    Django compares rows only for unconditional constraints whose fields are all on the form.
    The "same link from the same start" rules are conditional, and a citation's target is not
    on its form, so two equal rows would reach the database. All of a parent's rows are in its
    formset, so comparing the rows (with their new values) covers the stored ones too.
    """

    def parent_fields(self) -> set[str]:
        raise NotImplementedError

    def validate_unique(self):
        super().validate_unique()
        rows = [
            form
            for form in self.forms
            if form.is_valid()
            and form not in self.deleted_forms
            and (form.has_changed() or not form.instance._state.adding)
        ]
        if not rows:
            return
        excluded = rows[0]._get_validation_exclusions()
        for model, constraints in rows[0].instance.get_constraints():
            for constraint in constraints:
                if not isinstance(constraint, UniqueConstraint) or not constraint.fields:
                    continue
                if constraint.condition is None and not set(constraint.fields) & excluded:
                    continue  # BaseModelFormSet.validate_unique() compared these already.
                self._compare_rows(model, constraint, rows)

    def _compare_rows(self, model, constraint, rows):
        parent_fields = self.parent_fields()
        groups = defaultdict(list)
        for form in rows:
            key = tuple(
                getattr(form.instance, model._meta.get_field(name).attname)
                for name in constraint.fields
                if name not in parent_fields
            )
            if None in key and constraint.nulls_distinct is not False:
                continue  # NULL never equals NULL, in the database either.
            groups[key].append(form)
        for same in groups.values():
            if len(same) < 2:
                continue
            bound = [form for form in same if self._condition_holds(model, constraint, form)]
            for form in bound[1:]:
                form.add_error(None, self._message(model, constraint, form))

    def _condition_holds(self, model, constraint, form) -> bool:
        if constraint.condition is None:
            return True
        # On an add page the parent has no id yet; every row will get it, so it is "not null".
        parent_fields = self.parent_fields()
        values = {
            field.name: Value(0 if field.name in parent_fields else getattr(form.instance, field.attname), field)
            for field in model._meta.local_concrete_fields
        }
        return Q(constraint.condition).check(values)

    def _message(self, model, constraint, form) -> str:
        if constraint.violation_error_message == constraint.default_violation_error_message:
            return form.instance.unique_error_message(model, constraint.fields).message
        return constraint.get_violation_error_message()


class RulesInlineFormSet(UniqueRowsMixin, BaseInlineFormSet):
    def parent_fields(self) -> set[str]:
        return {self.fk.name}


class RulesGenericInlineFormSet(UniqueRowsMixin, BaseGenericInlineFormSet):
    def parent_fields(self) -> set[str]:
        return {self.ct_field.name, self.ct_fk_field.name}
