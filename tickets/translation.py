from modeltranslation.translator import TranslationOptions, register

from tickets.models import Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "cannot_help_note")
    required_languages = {"ru": ("name",)}
