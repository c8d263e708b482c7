"""Admin for the privacy app: policy and consent versions, destruction records (list and CSV
export), and the data-subject request page (privacy/subject_admin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from privacy.destruction_admin import DestructionRecordAdmin  # noqa: F401 (registers)
from privacy.models import PrivacyDocument


@admin.register(PrivacyDocument)
class PrivacyDocumentAdmin(TranslationAdmin):
    list_display = ["__str__", "kind", "version", "published_at", "created_by", "current"]
    list_filter = ["kind"]
    readonly_fields = ["version", "published_at", "created_by"]
    fields = ["kind", "title", "text", "version", "published_at", "created_by"]

    @admin.display(boolean=True, description=_("current"))
    def current(self, obj):
        return obj.is_current

    def get_readonly_fields(self, request, obj=None):
        # A version's kind never changes: the new version is of the same document.
        return [*self.readonly_fields, "kind"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Appeals name the version their visitor accepted: it must stay readable.
        return False

    def save_model(self, request, obj, form, change):
        """Never edits a published version: a change is published as the next version."""
        texts = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name.startswith(("title_", "text_"))
        }
        if change and not form.changed_data:
            return
        saved = PrivacyDocument.new_version(kind=obj.kind, by=request.user, **texts)
        obj.pk, obj.version, obj.published_new = saved.pk, saved.version, True

    def response_change(self, request, obj):
        if getattr(obj, "published_new", False):
            self.message_user(
                request,
                _("The text was published as version %(version)d; earlier appeals keep theirs.")
                % {"version": obj.version},
            )
        return super().response_change(request, obj)
