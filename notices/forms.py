from django import forms
from django.utils.translation import gettext_lazy as _

from notices.models import TEXT_MAX


class BulkReplyForm(forms.Form):
    body_ru = forms.CharField(
        label=_("Reply in Russian"),
        max_length=TEXT_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "lang": "ru"}),
        help_text=_("Sent to visitors who wrote in Russian, and to the others if no English."),
    )
    body_en = forms.CharField(
        label=_("Reply in English"),
        max_length=TEXT_MAX * 2,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "lang": "en"}),
        help_text=_("Sent to visitors who wrote from the English site."),
    )
