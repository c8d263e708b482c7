from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.phones import PhoneSearchMixin
from tickets.identifiers import clean_phone, clean_wallet
from tickets.models import PriorityCustomer, Topic


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order", "is_visible", "has_note"]
    list_editable = ["order", "is_visible"]
    list_filter = ["is_visible"]
    search_fields = ["name_ru", "name_en", "slug"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "is_visible"]}),
        (_("Before the visitor writes"), {"fields": ["cannot_help_note"]}),
        (_("Help"), {"fields": ["articles"]}),
    ]
    # A search box, not a list of every article (thousands at a real help center's size).
    autocomplete_fields = ["articles"]

    @admin.display(boolean=True, description=_("“cannot help” note"))
    def has_note(self, obj):
        return bool(obj.cannot_help_note)

    def has_delete_permission(self, request, obj=None):
        # A topic with appeals is hidden, not deleted (the appeals keep it).
        if obj is not None and obj.appeals.exists():
            return False
        return super().has_delete_permission(request, obj)


class PriorityCustomerForm(forms.ModelForm):
    # Room for numbers typed with spaces and brackets; stored normalised (see clean_*).
    wallet = forms.CharField(label=_("wallet number"), max_length=40, required=False)
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)

    class Meta:
        model = PriorityCustomer
        fields = ["name", "wallet", "phone", "is_active"]

    def clean_wallet(self):
        return clean_wallet(self.cleaned_data["wallet"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


@admin.register(PriorityCustomer)
class PriorityCustomerAdmin(PhoneSearchMixin, admin.ModelAdmin):
    phone_search_fields = ("phone", "wallet")
    form = PriorityCustomerForm
    list_display = ["__str__", "wallet", "phone_display", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "wallet", "phone"]
    fieldsets = [(None, {"fields": ["name", "wallet", "phone", "is_active"]})]

    @admin.display(description=_("phone"), ordering="phone")
    def phone_display(self, obj):
        return obj.phone_display
