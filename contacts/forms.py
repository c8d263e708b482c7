"""Admin forms: phone numbers typed any usual way, weekly hours that do not overlap, and the
wait levels of a whole week edited on one page as a grid."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.models import Channel, WaitLevel, WaitProfile, Weekday, clean_phone_number
from contacts.schedule import Interval
from contacts.validators import WEEK_HOURS, overlap_errors, wait_level_errors
from core.phones import format_phone


class ChannelAdminForm(forms.ModelForm):
    # Longer than the stored +7… form: staff type "+7 (495) 231-36-45" and the form stores
    # "+74952313645".
    phone = forms.CharField(
        label=capfirst(Channel._meta.get_field("phone").verbose_name),
        max_length=40,
        required=False,
        help_text=Channel._meta.get_field("phone").help_text,
    )

    class Meta:
        model = Channel
        # The admin passes the fields of its fieldsets; these are the same, for use elsewhere.
        fields = [
            "audience",
            "kind",
            "title_ru",
            "title_en",
            "phone",
            "email",
            "from_russia",
            "from_moscow",
            "from_abroad",
            "is_toll_free",
            "cost_note_ru",
            "cost_note_en",
            "always_open",
            "is_main_hotline",
            "order",
            "is_published",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.phone:
            # Staff edit the number as callers read it, not the stored +7… form.
            self.initial["phone"] = format_phone(self.instance.phone)

    def clean_phone(self):
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        if self.data.get(self.add_prefix("kind"), Channel.Kind.PHONE) != Channel.Kind.PHONE:
            return raw  # the model says "leave it empty for an e-mail channel"
        return clean_phone_number(raw)


class OpeningIntervalFormSet(BaseInlineFormSet):
    """Hours that overlap on the same day, or a channel with no hours at all, are refused."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        intervals = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data.get("weekday") is None or not data.get("opens") or data.get("closes") is None:
                continue
            interval = Interval(data["weekday"], data["opens"], data["closes"])
            if interval.is_valid():
                intervals.append(interval)
        errors = overlap_errors(intervals)
        if errors:
            raise ValidationError(errors)
        if not intervals and not self.instance.always_open:
            raise ValidationError(
                _(
                    "Add the opening hours (Moscow time), or tick “open round the clock” "
                    "above: without either the channel would always show as closed."
                )
            )


class WaitGridWidget(forms.Widget):
    """168 selects in an hour-by-weekday table, each with its own label for screen readers."""

    template_name = "contacts/admin/wait_grid_widget.html"

    def format_value(self, value):
        return value or {}

    def get_context(self, name, value, attrs):
        # Hours down, weekdays across: seven narrow columns fit the admin without scrolling.
        context = super().get_context(name, value, attrs)
        value = self.format_value(value)
        choices = [("", "—"), *((str(v), f"{v}") for v in WaitLevel.values)]
        context["widget"]["legend"] = WaitLevel.choices
        context["widget"]["days"] = [label for _day, label in Weekday.choices]
        context["widget"]["rows"] = [
            {
                "hour": f"{hour:02d}:00",
                "cells": [
                    {
                        "name": f"{name}_{day}_{hour}",
                        "id": f"id_{name}_{day}_{hour}",
                        "label": f"{label}, {hour:02d}:00",
                        "value": "" if value.get((day, hour)) is None else str(value[(day, hour)]),
                        "choices": choices,
                    }
                    for day, label in Weekday.choices
                ],
            }
            for hour in range(24)
        ]
        return context

    def value_from_datadict(self, data, files, name):
        return {(day, hour): data.get(f"{name}_{day}_{hour}") for day, hour in WEEK_HOURS}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{day}_{hour}" in data for day, hour in WEEK_HOURS)


class WaitGridField(forms.Field):
    widget = WaitGridWidget

    def to_python(self, value):
        return value or {}

    def validate(self, value):
        errors = wait_level_errors(value)
        if len(errors) > 10:
            more = len(errors) - 10
            errors = [
                *errors[:10],
                ngettext("…and %(count)s more hour.", "…and %(count)s more hours.", more)
                % {"count": more},
            ]
        if errors:
            raise ValidationError(errors)

    def clean(self, value):
        value = super().clean(value)
        return {key: int(level) for key, level in value.items()}

    def has_changed(self, initial, data):
        initial = {k: str(v) for k, v in (initial or {}).items()}
        data = {k: str(v) for k, v in (data or {}).items() if v is not None}
        return initial != data


class WaitProfileAdminForm(forms.ModelForm):
    levels = WaitGridField(
        label=_("Wait by weekday and hour"),
        help_text=_(
            "Moscow time. 1 — short wait, 2 — moderate, 3 — long, 4 — very long. "
            "The site colours each hour and names its level in words."
        ),
    )

    class Meta:
        model = WaitProfile
        fields = ["channel", "summary_ru", "summary_en", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("levels", self.instance.level_map())
