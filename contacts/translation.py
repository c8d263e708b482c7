"""Staff-written text, stored per language by django-modeltranslation (`name_ru`, `name_en`).

Russian is required (the site's default language); English falls back to Russian when empty.
"""

from modeltranslation.translator import TranslationOptions, register

from contacts.models import Audience, Channel, ServicePackage, WaitProfile


@register(Audience)
class AudienceTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ru",)


@register(Channel)
class ChannelTranslationOptions(TranslationOptions):
    fields = ("title", "cost_note")
    required_languages = ("ru",)


@register(WaitProfile)
class WaitProfileTranslationOptions(TranslationOptions):
    fields = ("summary",)
    required_languages = ("ru",)


@register(ServicePackage)
class ServicePackageTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ru",)
