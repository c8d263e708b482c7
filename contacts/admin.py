"""Staff edit audiences, channels with their weekly hours, the wait grid and service packages.

Everything needs only the contacts app's own permissions: content editors are not superusers.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AdminTimeWidget
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from contacts import services
from contacts.forms import ChannelAdminForm, OpeningIntervalFormSet, WaitProfileAdminForm
from contacts.models import (
    Audience,
    Channel,
    OpeningInterval,
    ServicePackage,
    WaitLevel,
    WaitProfile,
)
from contacts.validators import WEEK_HOURS
from core.phones import PhoneSearchMixin

HISTORY = (_("History"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)})


@admin.register(Audience)
class AudienceAdmin(TranslationAdmin):
    list_display = ("name", "slug", "support_kind", "channel_count", "order", "is_published")
    list_filter = ("support_kind", "is_published")
    search_fields = ("name_ru", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "description", "slug")}),
        (_("On the site"), {"fields": ("support_kind", "order", "is_published")}),
        HISTORY,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_channel_count=Count("channels"))

    @admin.display(description=_("channels"), ordering="_channel_count")
    def channel_count(self, obj):
        return obj._channel_count

    def get_readonly_fields(self, request, obj=None):
        # Links to /contacts/#slug are in the wild once it is saved.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "slug") if obj else readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else super().get_prepopulated_fields(request, obj)


class OpeningIntervalInline(admin.TabularInline):
    model = OpeningInterval
    formset = OpeningIntervalFormSet
    fields = ("weekday", "opens", "closes")
    extra = 0
    # Hours and minutes: nobody opens at 09:00:30.
    formfield_overrides = {models.TimeField: {"widget": AdminTimeWidget(format="%H:%M")}}
    view_on_site = False
    verbose_name = _("opening hours")
    verbose_name_plural = _("Weekly hours, Moscow time: one row per day and interval")


@admin.register(Channel)
class ChannelAdmin(PhoneSearchMixin, TranslationAdmin):
    form = ChannelAdminForm
    inlines = [OpeningIntervalInline]
    list_display = (
        "title",
        "shown_as",
        "audience",
        "kind",
        "hours",
        "is_main_hotline",
        "is_published",
    )
    list_filter = ("audience", "kind", "always_open", "is_toll_free", "is_published")
    list_select_related = ("audience",)
    search_fields = ("title_ru", "title_en", "phone", "email")
    readonly_fields = ("content_key", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("audience", "kind", "title", "phone", "email")}),
        (
            _("Who can call and what it costs (phones only)"),
            {"fields": ("from_russia", "from_moscow", "from_abroad", "is_toll_free", "cost_note")},
        ),
        (_("Hours"), {"fields": ("always_open",)}),
        (_("On the site"), {"fields": ("is_main_hotline", "order", "is_published")}),
        (
            _("History"),
            {"fields": ("content_key", "created_at", "updated_at"), "classes": ("collapse",)},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("intervals")

    @admin.display(description=_("shown as"))
    def shown_as(self, obj):
        return obj.display_value

    @admin.display(description=_("hours"))
    def hours(self, obj):
        return obj.hours_text()


@admin.register(WaitProfile)
class WaitProfileAdmin(TranslationAdmin):
    form = WaitProfileAdminForm
    list_display = ("__str__", "channel", "is_published", "updated_at")
    list_select_related = ("channel",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("channel", "summary", "is_published")}),
        (_("Wait by weekday and hour"), {"fields": ("levels",)}),
        HISTORY,
    )

    class Media:
        css = {"all": ["contacts/admin.css"]}

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("levels", dict.fromkeys(WEEK_HOURS, WaitLevel.MODERATE))
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.wait_profile_set_levels(profile=obj, levels=form.cleaned_data["levels"])


@admin.register(ServicePackage)
class ServicePackageAdmin(TranslationAdmin):
    list_display = (
        "name",
        "answer_within_seconds",
        "skips_answering_machine",
        "written_appeals_first",
        "is_published",
    )
    list_filter = ("is_published",)
    search_fields = ("name_ru", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "description")}),
        (
            _("What it gives"),
            {
                "fields": (
                    "answer_within_seconds",
                    "skips_answering_machine",
                    "written_appeals_first",
                )
            },
        ),
        (_("On the site"), {"fields": ("order", "is_published")}),
        HISTORY,
    )
