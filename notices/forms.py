from django import forms
from django.utils import timezone
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


class NoticeAdminForm(forms.ModelForm):
    """A new notice whose end has already passed would be saved and shown to nobody: at night a
    typo ("02:00" for "14:00") would then go unnoticed while visitors keep calling. An existing
    notice may be ended in the past ("fixed at 14:20", typed at 14:25)."""

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            return cleaned  # the model's own message says what is wrong: end before start
        if self.instance.pk is None and ends_at is not None and ends_at <= timezone.now():
            self.add_error(
                "ends_at",
                _("This end has already passed: nobody would see the notice. Check the date."),
            )
        return cleaned
