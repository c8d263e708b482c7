"""The appeal admin's parts for the legal clock, the lifecycle, ratings and merging (issue 11):
kept apart from tickets/admin/appeals.py, which mixes them in."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.workdays import MOSCOW, add_working_days, end_of_day, moscow_date
from tickets import merging, services
from tickets.deadlines import legal_due_extended
from tickets.models import Appeal, SatisfactionRating
from tickets.references import normalize_reference

# "Due soon" in the queue: the legal deadline falls within this many working days.
DUE_SOON_WORKING_DAYS = 2


def legal_due_text(appeal) -> str:
    if appeal.legal_due_at is None:
        return "—"
    return date_format(appeal.legal_due_at.astimezone(MOSCOW), "j E Y")


class LegalDeadlineFilter(admin.SimpleListFilter):
    title = _("legal deadline")
    parameter_name = "legal"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due within 2 working days")),
            ("extended", _("Extended")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.legal_overdue(now)
        if self.value() == "soon":
            until = end_of_day(add_working_days(moscow_date(now), DUE_SOON_WORKING_DAYS))
            return queryset.legal_due_within(until, now)
        if self.value() == "extended":
            return queryset.exclude(legal_extended_at=None)
        return queryset


class ExtendDeadlineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (e-mailed to the visitor)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Write it for the visitor; never quote card numbers or codes."),
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into the appeal"),
        max_length=20,
        help_text=_("Its reference, e.g. SP-7K3-9QX: an appeal of the same visitor."),
    )

    def clean_into(self):
        reference = normalize_reference(self.cleaned_data["into"])
        target = Appeal.objects.filter(reference=reference).first() if reference else None
        if target is None:
            raise ValidationError(_("No appeal has this reference."))
        return target


class ClocksAdminMixin:
    clocks_list_display = ["legal_due"]
    clocks_filters = [LegalDeadlineFilter]
    clocks_readonly = [
        "legal_due",
        "legal_extension",
        "merged_into_link",
        "satisfaction",
    ]
    clocks_fieldset = (
        _("Legal deadline, rating, merge"),
        {"fields": ["legal_due", "legal_extension", "satisfaction", "merged_into_link"]},
    )
    clocks_actions = ["extend_legal_deadline", "merge_into"]

    @admin.display(description=_("legal deadline"), ordering="legal_due_at")
    def legal_due(self, obj):
        text = legal_due_text(obj)
        if obj.is_legal_overdue():
            return format_html(
                '<strong class="tickets-overdue">{} · {}</strong>', text, _("overdue")
            )
        return text

    @admin.display(description=_("extension"))
    def legal_extension(self, obj):
        if obj.legal_extended_at:
            return format_html(
                "{}: {}",
                date_format(timezone.localtime(obj.legal_extended_at), "j E Y, H:i"),
                obj.legal_extension_reason,
            )
        if obj.pk is None:
            return "—"
        url = reverse("admin:tickets_appeal_extend", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Extend once…"))

    @admin.display(description=_("merged into"))
    def merged_into_link(self, obj):
        if obj.merged_into_id is None:
            if obj.pk is None:
                return "—"
            url = reverse("admin:tickets_appeal_merge", args=[obj.pk])
            return format_html('<a href="{}">{}</a>', url, _("Merge into another appeal…"))
        url = reverse("admin:tickets_appeal_change", args=[obj.merged_into_id])
        return format_html('<a href="{}">{}</a>', url, obj.merged_into.reference)

    @admin.display(description=_("visitor's rating"))
    def satisfaction(self, obj):
        rating = SatisfactionRating.objects.filter(appeal=obj).first()
        if rating is None:
            return "—"
        return format_html("{} / 5 {}", rating.score, rating.comment)

    @admin.action(permissions=["change"], description=_("Extend the legal deadline…"))
    def extend_legal_deadline(self, request, queryset):
        return self._one_appeal(request, queryset, "admin:tickets_appeal_extend")

    @admin.action(permissions=["change"], description=_("Merge into…"))
    def merge_into(self, request, queryset):
        return self._one_appeal(request, queryset, "admin:tickets_appeal_merge")

    def _one_appeal(self, request, queryset, url_name):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one appeal."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse(url_name, args=[queryset.get().pk]))

    def clocks_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/extend/", view(self.extend_view), name="tickets_appeal_extend"),
            path("<int:pk>/merge/", view(self.merge_view), name="tickets_appeal_merge"),
        ]

    def _appeal_for_change(self, request, pk):
        appeal = self.get_object(request, str(pk))
        if appeal is None:
            raise Http404
        if not self.has_change_permission(request, appeal):
            raise PermissionDenied
        return appeal

    def _page(self, request, appeal, form, template, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "appeal": appeal,
            "form": form,
            "title": title,
        }
        return TemplateResponse(request, template, context)

    def extend_view(self, request, pk):
        appeal = self._appeal_for_change(request, pk)
        change_url = reverse("admin:tickets_appeal_change", args=[appeal.pk])
        if appeal.legal_extended_at is not None:
            self.message_user(
                request,
                _("The legal deadline of %(reference)s has already been extended once.")
                % {"reference": appeal.reference},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        form = ExtendDeadlineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                appeal = services.appeal_extend_deadline(
                    appeal=appeal, reason=form.cleaned_data["reason"], actor=request.user
                )
            except services.AlreadyExtended as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return HttpResponseRedirect(change_url)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("The legal deadline is now %(due)s; the visitor has been told.")
                    % {"due": legal_due_text(appeal)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        new_due = legal_due_text(Appeal(legal_due_at=legal_due_extended(appeal.legal_due_at)))
        response = self._page(
            request,
            appeal,
            form,
            "admin/tickets/appeal/extend_deadline.html",
            _("Extend the legal deadline of %(reference)s") % {"reference": appeal.reference},
        )
        response.context_data.update(
            {
                "new_due": new_due,
                "old_due": legal_due_text(appeal),
                "extension_days": settings.TICKETS_LEGAL_EXTENSION_WORKING_DAYS,
            }
        )
        return response

    def merge_view(self, request, pk):
        appeal = self._appeal_for_change(request, pk)
        form = MergeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            into = form.cleaned_data["into"]
            try:
                merging.appeal_merge(duplicate=appeal, into=into, actor=request.user)
            except ValidationError as exc:
                form.add_error("into", exc)
            else:
                self.message_user(
                    request,
                    _("%(duplicate)s has been merged into %(into)s.")
                    % {"duplicate": appeal.reference, "into": into.reference},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:tickets_appeal_change", args=[into.pk]))
        same_visitor = (
            Appeal.objects.filter(email__iexact=appeal.email, merged_into=None)
            .exclude(pk=appeal.pk)
            .exclude(anonymised_at__isnull=False)
            .order_by("-created_at")[:20]
        )
        response = self._page(
            request,
            appeal,
            form,
            "admin/tickets/appeal/merge.html",
            _("Merge %(reference)s into another appeal") % {"reference": appeal.reference},
        )
        response.context_data["same_visitor"] = same_visitor
        return response
