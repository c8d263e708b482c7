"""Per-language columns for the policy and consent texts: `title_ru`, `text_en`..."""

from modeltranslation.translator import TranslationOptions, register

from privacy.models import PrivacyDocument


@register(PrivacyDocument)
class PrivacyDocumentTranslationOptions(TranslationOptions):
    fields = ("title", "text")
    required_languages = {"ru": ("title", "text")}
