"""What the seed says about reaching support, as data staff edit: who it is for (audiences),
how to reach it (phone and e-mail channels), when (weekly hours, Moscow time), how long the
wait is at each hour of the week, and what the "Priority" service package gives.

Over the ~400-line guide on purpose: one cohesive schema of five models that point at each other
(a channel's hours and wait profile mean nothing without the channel and its audience), mostly
field definitions with their labels and help texts; split by model, each file would import the
others for its foreign keys and querysets."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.schedule import MIDNIGHT, Interval, Status, WeeklySchedule
from core.fields import PhoneNumberField
from core.models import TimeStampedModel
from core.phones import format_phone


class Weekday(models.IntegerChoices):
    # Numbered as Python's date.weekday(), which the schedule code uses.
    MONDAY = 0, pgettext_lazy("weekday", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday", "Sunday")


class AudienceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_published_channels(self):
        return self.prefetch_related(
            models.Prefetch(
                "channels",
                queryset=Channel.objects.published().prefetch_related("intervals"),
                to_attr="published_channels",
            )
        )


class Audience(TimeStampedModel):
    """Who a group of contacts is for: wallet customers, agents, card holders, the office."""

    class SupportKind(models.TextChoices):
        # The values are schema.org `contactType` texts, shown to search engines.
        CUSTOMER_SUPPORT = "customer support", _("Customer support")
        TECHNICAL_SUPPORT = "technical support", _("Technical support")
        CUSTOMER_SERVICE = "customer service", _("Customer service (office)")

    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_(
            "Short Latin name used in links to this group (/contacts/#slug) and by the "
            "shipped-content loader. It cannot be changed once saved, so links keep working."
        ),
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("For example “Card holders”."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences shown under the name.")
    )
    support_kind = models.CharField(
        _("kind of support"),
        max_length=40,
        choices=SupportKind.choices,
        default=SupportKind.CUSTOMER_SUPPORT,
        help_text=_("Tells search engines what kind of help these contacts give."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Groups are listed from the smallest number.")
    )
    is_published = models.BooleanField(
        _("shown on the site"), default=True, help_text=_("Untick to hide the whole group.")
    )

    objects = AudienceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return f"{reverse('contacts:index')}#{self.slug}"


class ChannelQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, audience__is_published=True)

    def main_hotline(self):
        return self.published().filter(is_main_hotline=True).prefetch_related("intervals").first()


# How staff are told to type a number the field cannot read.
PHONE_HOW_TO_TYPE = _(
    "“%(value)s” is not a phone number that can be dialled. Type it as callers "
    "see it, for example 8 800 707-77-59 or +7 495 783-69-00."
)


def clean_phone_number(raw: str) -> str:
    """The E.164 form of a number staff typed, or an error that says how to type it: the
    channel's own phone field, for forms and loaders that need the number before the model."""
    return Channel._meta.get_field("phone").to_python(raw)


class Channel(TimeStampedModel):
    """One way to reach support: a phone number or an e-mail address."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    audience = models.ForeignKey(
        Audience,
        on_delete=models.PROTECT,
        related_name="channels",
        verbose_name=_("audience"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHONE)
    title = models.CharField(
        _("what it is for"),
        max_length=120,
        help_text=_("For example “Hotline” or “Questions about terminals”."),
    )
    phone = PhoneNumberField(
        _("phone number"),
        blank=True,
        error_messages={"invalid_phone": PHONE_HOW_TO_TYPE},
        help_text=_(
            "Type it any usual way (8 800 707-77-59, +7 (495) 783-69-00); it is stored as "
            "+7… and shown as 8 800 707-77-59 or +7 495 783-69-00. Phones only."
        ),
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("E-mail only."))
    from_russia = models.BooleanField(
        _("from any region of Russia"),
        default=False,
        help_text=_("Can be called from any region of Russia, mobile phones included."),
    )
    from_moscow = models.BooleanField(_("from Moscow and the Moscow region"), default=False)
    from_abroad = models.BooleanField(_("from abroad"), default=False)
    is_toll_free = models.BooleanField(
        _("free call"), default=False, help_text=_("The caller pays nothing (8 800 numbers).")
    )
    cost_note = models.CharField(
        _("cost note"),
        max_length=200,
        blank=True,
        help_text=_("For paid numbers, what the call costs. Empty: “At your operator's rates”."),
    )
    always_open = models.BooleanField(
        _("open round the clock (24/7)"),
        default=False,
        help_text=_(
            "When ticked, the weekly hours below are kept but not used. When not ticked, "
            "the channel is open only in the hours below (Moscow time)."
        ),
    )
    is_main_hotline = models.BooleanField(
        _("main hotline"),
        default=False,
        help_text=_("Shown on the home page. Only one phone can be the main hotline."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Within its group, from the smallest number.")
    )
    is_published = models.BooleanField(_("shown on the site"), default=True)
    content_key = models.SlugField(
        _("shipped content key"),
        max_length=50,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set on the contacts the site ships with, so that loading them again never adds "
            "a duplicate, even after staff edit the number. Empty for contacts staff add."
        ),
    )

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["audience__order", "order", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="phone", email="", phone__startswith="+")
                    | (Q(kind="email", phone="") & ~Q(email=""))
                ),
                name="contacts_channel_phone_or_email",
                violation_error_message=_(
                    "A phone channel needs a phone number and no e-mail; an e-mail channel "
                    "needs an e-mail address and no phone number."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="email")
                    | Q(from_russia=True)
                    | Q(from_moscow=True)
                    | Q(from_abroad=True)
                ),
                name="contacts_channel_phone_has_reach",
                violation_error_message=_("Say from where this number can be called."),
            ),
            models.CheckConstraint(
                condition=Q(kind="phone") | Q(is_toll_free=False, is_main_hotline=False),
                name="contacts_channel_email_is_not_a_call",
                violation_error_message=_("Only a phone can be a free call or the main hotline."),
            ),
            models.UniqueConstraint(
                fields=["is_main_hotline"],
                condition=Q(is_main_hotline=True),
                name="contacts_channel_one_main_hotline",
                violation_error_message=_(
                    "Another phone is already the main hotline: untick it there first."
                ),
            ),
            models.UniqueConstraint(
                fields=["audience", "phone"],
                condition=~Q(phone=""),
                name="contacts_channel_phone_once_per_audience",
                violation_error_message=_("This number is already listed in this group."),
            ),
            models.UniqueConstraint(
                fields=["audience", "email"],
                condition=~Q(email=""),
                name="contacts_channel_email_once_per_audience",
                violation_error_message=_("This address is already listed in this group."),
            ),
        ]

    def __str__(self):
        return f"{self.title}: {self.display_value}" if self.title else self.display_value

    def get_absolute_url(self):
        return self.audience.get_absolute_url()

    @property
    def is_phone(self) -> bool:
        return self.kind == self.Kind.PHONE

    @property
    def display_value(self) -> str:
        if self.is_phone:
            return format_phone(self.phone) if self.phone else ""
        return self.email

    @property
    def href(self) -> str:
        return f"tel:{self.phone}" if self.is_phone else f"mailto:{self.email}"

    def reach_labels(self) -> list[str]:
        labels = []
        if self.from_russia:
            labels.append(_("from any region of Russia, mobile phones included"))
        if self.from_moscow:
            labels.append(_("from Moscow and the Moscow region"))
        if self.from_abroad:
            labels.append(_("from abroad"))
        return labels

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PHONE:
            # The field has already stored a typed number as +7… (core.fields).
            if not self.phone:
                errors["phone"] = _("A phone channel needs its number.")
            if self.email:
                errors["email"] = _("Leave the e-mail empty for a phone channel.")
            if not (self.from_russia or self.from_moscow or self.from_abroad):
                errors["from_russia"] = _(
                    "Say from where this number can be called: tick at least one of "
                    "“from any region of Russia”, “from Moscow”, “from abroad”."
                )
        else:
            if not self.email:
                errors["email"] = _("An e-mail channel needs its address.")
            else:
                self.email = self.email.strip().lower()
            if self.phone:
                errors["phone"] = _("Leave the phone number empty for an e-mail channel.")
            if self.is_toll_free:
                errors["is_toll_free"] = _("Only a phone can be a free call.")
            if self.is_main_hotline:
                errors["is_main_hotline"] = _("Only a phone can be the main hotline.")
            # "Who can call" means nothing for an address: clear it rather than refuse.
            self.from_russia = self.from_moscow = self.from_abroad = False
        if errors:
            raise ValidationError(errors)

    def schedule(self) -> WeeklySchedule:
        # `intervals.all()` so that a prefetch (views use one) is used.
        return WeeklySchedule.build(
            always_open=self.always_open,
            intervals=(i.as_interval() for i in self.intervals.all()),
        )

    def status_at(self, moment: datetime) -> Status:
        return self.schedule().status_at(moment)

    def hours_text(self) -> str:
        return self.schedule().describe()


class OpeningInterval(models.Model):
    """A channel is open on `weekday` from `opens` to `closes`, Moscow time."""

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="intervals", verbose_name=_("channel")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"), help_text=_("Moscow time, e.g. 09:00."))
    closes = models.TimeField(
        _("closes"),
        help_text=_("Moscow time, e.g. 18:00; 00:00 means midnight at the end of the day."),
    )

    class Meta:
        ordering = ["channel", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="contacts_interval_weekday_range",
                violation_error_message=_("The weekday must be Monday to Sunday."),
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")) | Q(closes=MIDNIGHT),
                name="contacts_interval_closes_after_opens",
                violation_error_message=_("The closing time must be later than the opening time."),
            ),
            models.UniqueConstraint(
                fields=["channel", "weekday", "opens"],
                name="contacts_interval_unique_start",
                violation_error_message=_("These hours start at the same time as others."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.as_interval()}"

    def get_absolute_url(self):
        return self.channel.get_absolute_url()

    def as_interval(self) -> Interval:
        return Interval(weekday=self.weekday, opens=self.opens, closes=self.closes)

    def clean(self):
        complete = None not in (self.weekday, self.opens, self.closes)
        if complete and not self.as_interval().is_valid():
            raise ValidationError(
                {
                    "closes": _(
                        "It closes (%(closes)s) before it opens (%(opens)s). The closing "
                        "time must be later; for hours past midnight, end this day at "
                        "00:00 and add the rest to the next day."
                    )
                    % {"closes": f"{self.closes:%H:%M}", "opens": f"{self.opens:%H:%M}"}
                }
            )


class WaitLevel(models.IntegerChoices):
    SHORT = 1, _("short")
    MODERATE = 2, _("moderate")
    LONG = 3, _("long")
    VERY_LONG = 4, _("very long")


class WaitProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, channel__is_published=True).select_related("channel")


class WaitProfile(TimeStampedModel):
    """How long callers of a phone line wait, hour by hour over the week ("When to call")."""

    channel = models.OneToOneField(
        Channel,
        on_delete=models.CASCADE,
        related_name="wait_profile",
        limit_choices_to={"kind": Channel.Kind.PHONE},
        verbose_name=_("phone line"),
    )
    summary = models.TextField(
        _("summary"),
        help_text=_(
            "The pattern in words, for everyone who does not read the chart: when the wait "
            "is shortest and longest. Update it when you change the levels."
        ),
    )
    is_published = models.BooleanField(_("shown on the site"), default=True)

    objects = WaitProfileQuerySet.as_manager()

    class Meta:
        ordering = ["channel"]
        verbose_name = _("wait profile")
        verbose_name_plural = _("wait profiles (when to call)")

    def __str__(self):
        return str(_("When to call %(line)s") % {"line": self.channel.display_value})

    def get_absolute_url(self):
        return f"{reverse('contacts:index')}#when-to-call"

    def clean(self):
        channel = getattr(self, "channel", None)
        if channel is not None and not channel.is_phone:
            raise ValidationError({"channel": _("Choose a phone line, not an e-mail address.")})

    def level_map(self) -> dict[tuple[int, int], int]:
        return {(w.weekday, w.hour): w.level for w in self.hours.all()}


class HourlyWait(models.Model):
    """The wait level on a weekday during one hour (from hh:00 to hh:59)."""

    profile = models.ForeignKey(
        WaitProfile, on_delete=models.CASCADE, related_name="hours", verbose_name=_("profile")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    hour = models.PositiveSmallIntegerField(
        _("hour"), validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    level = models.PositiveSmallIntegerField(_("wait"), choices=WaitLevel.choices)

    class Meta:
        ordering = ["profile", "weekday", "hour"]
        verbose_name = _("hourly wait")
        verbose_name_plural = _("hourly waits")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "weekday", "hour"], name="contacts_wait_one_per_hour"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6, hour__gte=0, hour__lte=23),
                name="contacts_wait_weekday_and_hour_range",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=WaitLevel.SHORT, level__lte=WaitLevel.VERY_LONG),
                name="contacts_wait_level_range",
                violation_error_message=_("The wait level must be from 1 to 4."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.hour:02d}:00 — {self.get_level_display()}"

    def get_absolute_url(self):
        return self.profile.get_absolute_url()


class ServicePackageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ServicePackage(TimeStampedModel):
    """A paid service package and what it changes for support, like “Priority”."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120, help_text=_("For example “Priority”."))
    description = models.TextField(_("description"), blank=True)
    answer_within_seconds = models.PositiveSmallIntegerField(
        _("operator answers within (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Calls are taken out of turn and answered within this many seconds."),
    )
    skips_answering_machine = models.BooleanField(_("no answering machine"), default=False)
    written_appeals_first = models.BooleanField(_("written appeals handled first"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("shown on the site"), default=True)

    objects = ServicePackageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("service package")
        verbose_name_plural = _("service packages")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_within_seconds__isnull=True) | Q(answer_within_seconds__gte=1),
                name="contacts_package_answer_time_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('contacts:index')}#{self.slug}"
