from modeltranslation.translator import TranslationOptions, register

from tickets.models import CannedReply, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "cannot_help_note")
    required_languages = {"ru": ("name",)}


@register(CannedReply)
class CannedReplyTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"ru": ("title", "body")}
