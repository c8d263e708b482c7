from io import BytesIO

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.forms import VisitorTextMixin
from core.images import check_image
from faq.models import VOTE_COMMENT_MAX_LENGTH, HelpfulVote


class VoteForm(VisitorTextMixin, forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Choose “Yes” or “No”.")},
    )


# Larger images are scaled down; the article column is far narrower anyway.
MAX_IMAGE_SIDE = 2000


class ArticleImageForm(forms.Form):
    """An image dragged into the article editor: must really be a JPEG, PNG, GIF or WebP.

    The browser's content type and the file name are only a first filter; Pillow decides what the
    file is. The image is re-encoded, which drops metadata (EXIF, GPS) and anything appended to
    the file, and the stored name's extension comes from the detected format.
    """

    image = forms.FileField()

    def clean_image(self):
        upload = self.cleaned_data["image"]
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The image is larger than %(limit)s."),
                code="too_large",
                params={"limit": filesizeformat(limit)},
            )
        if upload.content_type not in settings.MARKDOWNX_UPLOAD_CONTENT_TYPES:
            raise forms.ValidationError(
                _("Upload a JPEG, PNG, GIF or WebP image."), code="unsupported_type"
            )
        try:
            self.cleaned_data["processed"] = self._process(upload)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
                ValueError) as exc:  # fmt: skip
            raise forms.ValidationError(
                _("This file is not an image we can show: upload a JPEG, PNG, GIF or WebP."),
                code="not_an_image",
            ) from exc
        return upload

    @staticmethod
    def _process(upload) -> tuple[bytes, str]:
        file_type = check_image(upload)  # NotAnImage (a ValueError) when it is not one
        save_as = file_type.pillow_formats[0]
        out = BytesIO()
        with Image.open(upload) as image:
            if save_as == "GIF" and getattr(image, "is_animated", False):
                image.save(out, "GIF", save_all=True)
            else:
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
                if save_as == "JPEG" and image.mode not in {"RGB", "L"}:
                    image = image.convert("RGB")
                options = {"quality": 88, "optimize": True} if save_as == "JPEG" else {}
                image.save(out, save_as, **options)
        return out.getvalue(), file_type.extensions[0].lstrip(".")


class VoteReasonForm(VisitorTextMixin, forms.Form):
    """Why an article did not help: a reason and, optionally, a few words."""

    reason = forms.ChoiceField(
        label=_("What was wrong?"),
        choices=HelpfulVote.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what was wrong with the article.")},
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=VOTE_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": VOTE_COMMENT_MAX_LENGTH}),
        help_text=_("Please do not write card numbers, passwords or codes from SMS."),
        error_messages={
            "max_length": _(
                "The comment is too long: at most %(limit_value)d characters "
                "(you wrote %(show_value)d)."
            )
        },
    )


class ArticleAdminForm(forms.ModelForm):
    """The article's admin form, with two choices that are not columns: "Reviewed" and a note
    for the revision this save makes (faq/history.py)."""

    reviewed = forms.BooleanField(
        label=_("Reviewed: the article is still correct"),
        required=False,
        help_text=_("Tick after checking the article, even if nothing needed changing."),
    )
    revision_message = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=300,
        help_text=_("A note kept with this revision in the article's history."),
    )
