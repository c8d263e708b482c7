"""The agents' queue in the appeal admin: "take the next appeal", "assign to me", canned
replies in the reply box, who else has the appeal open, and refusing a save made on a page
older than the visitor's latest message."""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tickets import canned, presence, services
from tickets.models import Appeal, CannedReply, Reply
from tickets.models.thread import AuthorKind

STALE_MESSAGE = _("The visitor wrote again — read it first")
# The new-reply textarea: "replies-2-0-body" (the read-only conversation is "replies").
REPLY_BODY = re.compile(r"^replies(?:-\d+)?-\d+-body$")


def latest_visitor_reply_id(appeal_id) -> int:
    latest = (
        Reply.objects.filter(appeal_id=appeal_id, author_kind=AuthorKind.VISITOR)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest or 0


def typed_reply(data) -> str:
    return next((data[key] for key in data if REPLY_BODY.match(key) and data[key].strip()), "")


class AppealChangeForm(forms.ModelForm):
    """The change form, with the marker of the visitor's latest message the agent has seen.

    The marker is rendered by the page (change_form.html) from the database at render time, not
    from what was posted, so the page that refuses a stale save carries the new marker and the
    agent's next save, after reading, goes through."""

    seen_visitor_reply = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_visitor_reply")
        acts = "status" in self.changed_data or typed_reply(self.data)
        # No marker (an older page, a script): nothing to compare, nothing refused.
        stale = seen is not None and latest_visitor_reply_id(self.instance.pk) > seen
        if self.instance.pk and acts and stale:
            raise ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


class QueueAdminMixin:
    form = AppealChangeForm
    change_form_template = "admin/tickets/appeal/change_form.html"
    change_list_template = "admin/tickets/appeal/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("take-next/", view(self.take_next_view), name="tickets_appeal_take_next"),
            path(
                "<int:appeal_id>/assign-to-me/",
                view(self.assign_to_me_view),
                name="tickets_appeal_assign_to_me",
            ),
            path(
                "<int:appeal_id>/presence/",
                view(self.presence_view),
                name="tickets_appeal_presence",
            ),
            *super().get_urls(),
        ]

    def _appeal_to_change(self, request, appeal_id) -> Appeal:
        appeal = self.get_object(request, str(appeal_id))
        if appeal is None:
            raise Http404
        if not self.has_change_permission(request, appeal):
            raise PermissionDenied
        return appeal

    @staticmethod
    def _change_url(appeal) -> str:
        return reverse("admin:tickets_appeal_change", args=[appeal.pk])

    # Method decorators: admin_view wraps the bound method, so require_POST sees the request.
    def take_next_view(self, request):
        return require_POST(self._take_next)(request)

    def _take_next(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        appeal = services.appeal_take_next(agent=request.user)
        if appeal is None:
            self.message_user(
                request,
                gettext("Nothing to take: every waiting appeal has an agent."),
                messages.INFO,
            )
            return redirect("admin:tickets_appeal_changelist")
        self.message_user(
            request,
            gettext("Appeal %(reference)s is now yours.") % {"reference": appeal.reference},
            messages.SUCCESS,
        )
        return redirect(self._change_url(appeal))

    def assign_to_me_view(self, request, appeal_id):
        return require_POST(self._assign_to_me)(request, appeal_id)

    def _assign_to_me(self, request, appeal_id):
        appeal = self._appeal_to_change(request, appeal_id)
        services.appeal_assign_to_me(appeal=appeal, agent=request.user)
        self.message_user(
            request,
            gettext("Appeal %(reference)s is now yours.") % {"reference": appeal.reference},
            messages.SUCCESS,
        )
        return redirect(self._change_url(appeal))

    def presence_view(self, request, appeal_id):
        return require_POST(self._presence)(request, appeal_id)

    def _presence(self, request, appeal_id):
        appeal = self.get_object(request, str(appeal_id))
        if appeal is None or not self.has_view_permission(request, appeal):
            raise Http404
        others = presence.visit(appeal_id=appeal.pk, user=request.user)
        return JsonResponse({"text": presence_text(others)})

    # --- The change page -----------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        appeal = self.get_object(request, object_id)
        if appeal is None or not self.has_view_or_change_permission(request, appeal):
            return super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and "_canned_insert" in request.POST:
            # Without JavaScript: the page again, the chosen text added to the typed reply,
            # nothing saved (so nothing else posted needs checking here).
            request.canned_body = self._with_canned(request, appeal)
            request.method = "GET"
        others = presence.visit(appeal_id=appeal.pk, user=request.user)
        latest = latest_visitor_reply_id(appeal.pk)
        context = {
            **(extra_context or {}),
            "present_text": presence_text(others),
            "presence_url": reverse("admin:tickets_appeal_presence", args=[appeal.pk]),
            "presence_heartbeat_ms": settings.TICKETS_PRESENCE_HEARTBEAT_SECONDS * 1000,
            "seen_visitor_reply": latest,
            # A refused save keeps the posted conversation's forms, which predate the new
            # messages: those are shown above the form instead.
            "new_visitor_replies": self._unseen(request, appeal, latest),
            "canned_replies": [
                {
                    "pk": reply.pk,
                    "title": canned.title_for(reply, appeal),
                    "text": canned.render(reply, appeal),
                }
                for reply in CannedReply.objects.active()
            ],
            "can_take": self.has_change_permission(request, appeal),
        }
        return super().changeform_view(request, object_id, form_url, context)

    @staticmethod
    def _unseen(request, appeal, latest):
        if request.method != "POST":
            return []
        try:
            seen = int(request.POST.get("seen_visitor_reply", ""))
        except ValueError:
            return []
        if seen >= latest:
            return []
        return list(
            appeal.replies.filter(author_kind=AuthorKind.VISITOR, pk__gt=seen).order_by("pk")
        )

    @staticmethod
    def _with_canned(request, appeal) -> str:
        typed = typed_reply(request.POST)
        try:
            chosen = CannedReply.objects.active().get(pk=int(request.POST.get("canned_reply")))
        except (TypeError, ValueError, CannedReply.DoesNotExist):
            return typed
        text = canned.render(chosen, appeal)
        return f"{typed.rstrip()}\n\n{text}" if typed.strip() else text

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        body = getattr(request, "canned_body", None)
        if body and getattr(inline, "takes_canned_replies", False) and "data" not in kwargs:
            kwargs["initial"] = [{"body": body}]
        return kwargs

    def changelist_view(self, request, extra_context=None):
        context = {**(extra_context or {}), "can_take": self.has_change_permission(request)}
        return super().changelist_view(request, context)


def presence_text(others) -> str:
    return "; ".join(
        gettext("also open: %(name)s (since %(time)s)")
        % {"name": other.name, "time": time_format(timezone.localtime(other.since), "H:i")}
        for other in others
    )
