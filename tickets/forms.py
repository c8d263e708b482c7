import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import consent
from core.forms import VisitorTextMixin
from core.token_pages import one_time_token
from tickets.identifiers import clean_phone, clean_wallet
from tickets.models import Topic
from tickets.models.appeals import NAME_MAX, SUBJECT_MAX, TEXT_MAX, WALLET_MAX
from tickets.models.rating import COMMENT_MAX, SCORES
from tickets.references import normalize_reference
from tickets.uploads import AttachmentsField

_FORM_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_form_token() -> str:
    # The same kind of token a kept blank form is refilled with (core/token_pages.py).
    return one_time_token()


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class LabelsAboveFields:
    def __init__(self, *args, **kwargs):
        # Labels sit above their fields: no trailing colon.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OneTimeTokenMixin:
    """A hidden token issued with the form: sending the same form twice finds the first result
    instead of making a second one. A missing or malformed token just means no such protection."""

    def clean_form_token(self):
        token = self.cleaned_data.get("form_token") or ""
        return token if _FORM_TOKEN.match(token) else None


class AppealForm(VisitorTextMixin, LabelsAboveFields, OneTimeTokenMixin, forms.Form):
    topic = TopicChoiceField(
        label=_("What is your question about?"),
        queryset=Topic.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose what your question is about."),
            "invalid_choice": _("Choose one of the topics listed."),
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Tell us how to address you.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The confirmation, the link to your appeal and our answers come here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail: our answer comes there."),
            "invalid": _("Enter an e-mail address such as name@example.com."),
        },
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        help_text=_("Optional. If a call would help, we may phone you."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    wallet = forms.CharField(
        label=_("Wallet number"),
        required=False,
        max_length=WALLET_MAX,
        help_text=_("Optional. Usually the phone number the wallet is registered to."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        help_text=_("In a few words, for example “Payment to an operator did not arrive”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Write the subject of your question.")},
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=TEXT_MAX,
        help_text=_(
            "What happened, when, the amount and the terminal or payment number if there is one. "
            "Never write your password or SMS codes."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Describe the problem so that we can help.")},
    )
    files = AttachmentsField(label=_("Files"))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data to handle this appeal."),
        error_messages={
            "required": _("We can only handle the appeal with your consent: tick the box.")
        },
    )
    # The consent text's version shown with the form (core.consent; privacy keeps the texts).
    consent_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS; a program filling every field fills it too.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.visible()
        _describe_files(self.fields["files"])
        if not self.is_bound:
            shown = consent.current()
            self.initial.setdefault("consent_version", shown.version if shown else None)

    def clean_consent_version(self):
        return consent.accepted_version(self.cleaned_data.get("consent_version"))

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_wallet(self):
        return clean_wallet(self.cleaned_data.get("wallet", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(
                _("The appeal was not sent: a hidden field was filled in. Please try again."),
                code="honeypot",
            )
        return cleaned


def _describe_files(field) -> None:
    field.help_text = files_help_text()
    field.widget.attrs["data-max-files"] = settings.TICKETS_MAX_FILES
    field.widget.attrs["data-max-size"] = settings.TICKETS_MAX_FILE_SIZE


def files_help_text() -> str:
    return ngettext(
        "Optional: up to %(count)d screenshot, photo or PDF file, %(size)s each "
        "(PNG, JPEG, GIF, WebP, PDF).",
        "Optional: up to %(count)d screenshots, photos or PDF files, %(size)s each "
        "(PNG, JPEG, GIF, WebP, PDF).",
        settings.TICKETS_MAX_FILES,
    ) % {
        "count": settings.TICKETS_MAX_FILES,
        "size": filesizeformat(settings.TICKETS_MAX_FILE_SIZE),
    }


class ReplyForm(VisitorTextMixin, LabelsAboveFields, OneTimeTokenMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = AttachmentsField(label=_("Add files"))
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe_files(self.fields["files"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body", "").strip() and not cleaned.get("files"):
            self.add_error("body", _("Write a reply or choose files to add."))
        return cleaned


class FindForm(VisitorTextMixin, LabelsAboveFields, forms.Form):
    reference = forms.CharField(
        label=_("Appeal number"),
        max_length=20,
        help_text=_("From the confirmation, for example SP-7K3-9QX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the appeal number.")},
    )
    email = forms.EmailField(
        label=_("E-mail given in the appeal"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the e-mail given in the appeal."),
            "invalid": _("Enter an e-mail address such as name@example.com."),
        },
    )

    def clean_reference(self):
        reference = normalize_reference(self.cleaned_data["reference"])
        if reference is None:
            raise forms.ValidationError(
                _("An appeal number looks like SP-7K3-9QX: SP and six letters or digits.")
            )
        return reference


class RatingForm(VisitorTextMixin, LabelsAboveFields, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 — not at all, 5 — completely."),
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
