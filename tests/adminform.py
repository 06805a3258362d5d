"""Submit an admin change form as the browser would: every field as the page shows it, plus the changes."""

from django.db.models.fields.files import FieldFile


def _put(data, key, value):
    if value is None or isinstance(value, FieldFile):
        return  # empty, or a stored file the form keeps when nothing is uploaded
    if value is True:
        data[key] = "on"
    elif value is False:
        return
    elif isinstance(value, list | tuple):
        data[key] = [str(v) for v in value]
    else:
        data[key] = str(value)


def form_data(response, **changes):
    """POST data of the admin add/change page `response` (a GET), with `changes` applied (None drops a field)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, form.add_prefix(name), form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _put(data, inline_form.add_prefix(name), inline_form[name].value())
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def inline_prefix(response, model):
    """The form prefix of the inline editing `model` on the page (e.g. a portal's menu items)."""
    return next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.formset.model is model)
