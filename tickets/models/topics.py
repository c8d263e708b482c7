from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneNumberField
from core.models import TimeStampedModel
from core.phones import format_phone
from tickets.identifiers import PHONE_FIELD_OPTIONS, clean_wallet


class TopicQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_visible=True)


class Topic(TimeStampedModel):
    """What an appeal is about; staff edit the list, its order and what support cannot do."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_("Used in links such as /appeal/?topic=payments. Latin letters and dashes."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Topics are listed from the smallest number.")
    )
    is_visible = models.BooleanField(
        _("shown on the form"),
        default=True,
        help_text=_("A hidden topic cannot be chosen on the form; existing appeals keep it."),
    )
    cannot_help_note = models.TextField(
        _("what support cannot help with"),
        blank=True,
        max_length=500,
        help_text=_("Shown next to the topic on the form, before the visitor writes."),
    )

    # The Help articles about this problem: the home page's problem routes and the outage notices
    # shown on articles start from a topic. Declared here, not on the article: faq knows nothing
    # of appeals, and tickets loads its topics after faq loads the articles (load_content).
    articles = models.ManyToManyField(
        "faq.Article",
        verbose_name=_("help articles"),
        blank=True,
        related_name="topics",
        help_text=_("Help articles about this problem, most useful first."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('tickets:new')}?topic={self.slug}"


class PriorityCustomerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def matching(self, *, phone: str = "", wallet: str = ""):
        """Entries whose phone or wallet equals either number (already normalised).

        Wallets are usually phone numbers, so both numbers are looked up in both columns.
        """
        numbers = [n for n in (phone, wallet) if n]
        if not numbers:
            return self.none()
        return self.filter(Q(phone__in=numbers) | Q(wallet__in=numbers))


class PriorityCustomer(TimeStampedModel):
    """A customer on the Priority tier: their written appeals are answered first."""

    name = models.CharField(
        _("customer's name"),
        max_length=150,
        blank=True,
        help_text=_("For staff only: whose numbers these are."),
    )
    wallet = models.CharField(
        _("wallet number"),
        max_length=32,
        blank=True,
        help_text=_("Typed any usual way; stored without spaces (a phone-like number as +7…)."),
    )
    phone = PhoneNumberField(
        _("phone"), help_text=_("Typed any usual way; stored as +7…"), **PHONE_FIELD_OPTIONS
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PriorityCustomerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Priority customer")
        verbose_name_plural = _("Priority customers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(wallet="") | ~Q(phone=""),
                name="tickets_priority_has_a_number",
                violation_error_message=_("Enter a wallet number, a phone, or both."),
            ),
            models.UniqueConstraint(
                fields=["wallet"],
                condition=~Q(wallet=""),
                name="tickets_priority_unique_wallet",
                violation_error_message=_("This wallet number is already on the list."),
            ),
            models.UniqueConstraint(
                fields=["phone"],
                condition=~Q(phone=""),
                name="tickets_priority_unique_phone",
                violation_error_message=_("This phone is already on the list."),
            ),
        ]

    def __str__(self):
        numbers = [n for n in (self.wallet, self.phone_display) if n]
        label = " / ".join(numbers)
        return f"{self.name} ({label})" if self.name else label

    def get_absolute_url(self):
        return reverse("admin:tickets_prioritycustomer_change", args=[self.pk])

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) if self.phone else ""

    def clean(self):
        # The phone field has already stored its number as +7… (core.fields); a wallet that
        # reads as a phone is stored the same way, so the two match (tickets.identifiers).
        try:
            self.wallet = clean_wallet(self.wallet)
        except ValidationError as exc:
            raise ValidationError({"wallet": exc.messages}) from None
