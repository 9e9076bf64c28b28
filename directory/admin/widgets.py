"""A fix for Django's admin autocomplete widgets, applied to every admin form.

A bound form shows its autocomplete fields' selected values by filtering the related model
with them as posted, unchecked (AutocompleteMixin.optgroups). A value that is not an id at
all, from a tampered or malformed POST ("organisation=abc"), raised ValueError while the
refused form was being rendered: a 500 instead of the form's "not a valid choice" message.
The values the related field cannot read are left out of that query; the form's own
validation still names them.
"""

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError

_optgroups = AutocompleteMixin.optgroups


def readable_values(widget, values) -> list:
    remote = widget.field.remote_field
    options = remote.model._meta
    target = options.get_field(getattr(remote, "field_name", None) or options.pk.name)
    readable = []
    for value in values:
        try:
            target.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        readable.append(value)
    return readable


def optgroups(self, name, value, attr=None):
    return _optgroups(self, name, readable_values(self, value), attr)


if getattr(AutocompleteMixin.optgroups, "__module__", "") != __name__:
    AutocompleteMixin.optgroups = optgroups
