"""Posting admin forms the way a browser does, for the admin tests."""

from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """What the browser would post back unchanged: the main form and every inline's saved rows.

    Extra (empty) inline rows are left out; a test adds the rows it needs with add_row().
    """
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        forms.extend(formset.initial_forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def add_row(data: dict, prefix: str, **values) -> dict:
    """Append one new row to the inline formset with this prefix."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def errors_of(response) -> list[str]:
    """Every error message on the page: the main form's, and each inline row's and formset's."""
    messages = []
    form = response.context["adminform"].form
    for field_errors in form.errors.values():
        messages.extend(field_errors)
    for inline in response.context["inline_admin_formsets"]:
        messages.extend(inline.formset.non_form_errors())
        for row_errors in inline.formset.errors:
            for field_errors in row_errors.values():
                messages.extend(field_errors)
    return messages
