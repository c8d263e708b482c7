"""Form pieces every visitor-facing form shares."""

from django import forms
from django.http import QueryDict

from core.text import clean_multiline, clean_single_line


class VisitorTextMixin:
    """Cleans every submitted value with core.text before any field sees it: multi-line for
    fields drawn as a textarea, single-line for everything else (names, subjects, e-mails,
    hidden tokens, choices). One place, so a new field cannot forget it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            multiline = {
                self.add_prefix(name)
                for name, field in self.fields.items()
                if isinstance(field.widget, forms.Textarea)
            }
            self.data = clean_form_data(self.data, multiline=multiline)


def _clean(value, multiline: bool):
    if not isinstance(value, str):
        return value
    return clean_multiline(value) if multiline else clean_single_line(value)


def clean_form_data(data, *, multiline: set[str]):
    if hasattr(data, "lists"):
        cleaned = QueryDict(mutable=True)
        for key, values in data.lists():
            cleaned.setlist(key, [_clean(value, key in multiline) for value in values])
        return cleaned
    return {key: _clean(value, key in multiline) for key, value in data.items()}
