"""The data-subject request page in admin, beside the destruction records: find a person's
appeals by e-mail or phone, download them (ZIP), erase them. Only for staff holding
`privacy.handle_subject_requests`, a permission granted separately (not to support agents)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.forms import VisitorTextMixin
from privacy import subject_requests

PERMISSION = "privacy.handle_subject_requests"


class SubjectForm(VisitorTextMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or cleaned.get("phone", "").strip()):
            raise forms.ValidationError(_("Enter the person's e-mail, phone, or both."))
        return cleaned


class SubjectRequestViews:
    """Mixed into DestructionRecordAdmin: its URLs and the permission check."""

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "subject-request/",
                site.admin_view(self.subject_request_view),
                name="privacy_subject_request",
            ),
            path("csv/", site.admin_view(self.csv_view), name="privacy_destructionrecord_csv"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_handle_subject_requests": request.user.has_perm(PERMISSION)}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def csv_view(self, request):
        from privacy.destruction_admin import records_csv

        if not self.has_view_permission(request):
            raise PermissionDenied
        return records_csv(self.get_queryset(request))

    def subject_request_view(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            return require_POST(self._act)(request)
        form = SubjectForm(request.GET or None)
        appeals = None
        if form.is_bound and form.is_valid():
            appeals = subject_requests.find_appeals(
                email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
            ).select_related("topic")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Data-subject request"),
            "form": form,
            "appeals": appeals,
        }
        return TemplateResponse(request, "admin/privacy/subject_request.html", context)

    def _act(self, request):
        form = SubjectForm(request.POST)
        if not form.is_valid():
            return redirect("admin:privacy_subject_request")
        email, phone = form.cleaned_data["email"], form.cleaned_data["phone"]
        if request.POST.get("action") == "export":
            appeals = subject_requests.find_appeals(email=email, phone=phone)
            response = HttpResponse(
                subject_requests.export_zip(appeals), content_type="application/zip"
            )
            stamp = timezone.localtime().strftime("%Y-%m-%d")
            response["Content-Disposition"] = f'attachment; filename="appeals-{stamp}.zip"'
            response["Cache-Control"] = "private, no-store"
            return response
        if request.POST.get("action") == "erase" and request.POST.get("confirm") == "yes":
            record = subject_requests.erase_for_request(email=email, phone=phone, by=request.user)
            count = record.appeals_count if record else 0
            text = ngettext(
                "%(count)d appeal erased; a destruction record was written.",
                "%(count)d appeals erased; a destruction record was written.",
                count,
            )
            messages.success(request, text % {"count": count})
            return redirect("admin:privacy_destructionrecord_changelist")
        messages.error(request, _("Tick the confirmation to erase."))
        return redirect("admin:privacy_subject_request")
