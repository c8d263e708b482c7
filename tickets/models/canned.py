"""Canned replies: answers support keeps ready, with placeholders filled in for one appeal."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tickets.models.appeals import TEXT_MAX

# {name}, {reference}, {link}, {due} and {article:<slug>}. Anything else in braces is left as
# typed (a reply may well contain braces), but the admin form refuses a misspelt placeholder.
PLACEHOLDER = re.compile(r"\{(name|reference|link|due|article:[-a-zA-Z0-9_]+)\}")
# Something that looks like a placeholder: a word (or article:...) in braces.
LOOKS_LIKE_PLACEHOLDER = re.compile(r"\{([a-z_]+(?::[^{}\s]*)?)\}")
# Kept as typed in the stored reply: the e-mail puts the visitor's private link in its place
# and the visitor's page its own address (tickets.models.thread.Reply.body_for_visitor), so no
# working link is ever stored in a reply.
LINK_PLACEHOLDER = "{link}"


class CannedReplyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class CannedReply(models.Model):
    title = models.CharField(
        _("title"), max_length=100, help_text=_("What agents pick from the list.")
    )
    body = models.TextField(
        _("text"),
        max_length=TEXT_MAX,
        help_text=_(
            "Placeholders: {name} (the visitor's name), {reference}, {link} (the visitor's "
            "private link: put into the e-mail only), {due} (the answer's due time, Moscow "
            "time), {article:<address>} (a Help article's full address)."
        ),
    )
    is_active = models.BooleanField(_("in the list"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CannedReplyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:tickets_cannedreply_change", args=[self.pk])

    def clean(self):
        # Each language's text (modeltranslation adds body_ru, body_en).
        for field in ("body_ru", "body_en", "body"):
            text = getattr(self, field, "") or ""
            unknown = [
                match.group(0)
                for match in LOOKS_LIKE_PLACEHOLDER.finditer(text)
                if not PLACEHOLDER.fullmatch(match.group(0))
            ]
            if unknown:
                raise ValidationError(
                    {
                        field: _("Unknown placeholder: %(names)s.")
                        % {"names": ", ".join(sorted(set(unknown)))}
                    }
                )
