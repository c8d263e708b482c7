"""Notices in both languages (django-modeltranslation): `title_ru`, `title_en`...; English pages
fall back to Russian where the English text is empty."""

from modeltranslation.translator import TranslationOptions, register

from notices.models import Notice, NoticeUpdate


@register(Notice)
class NoticeTranslationOptions(TranslationOptions):
    fields = ("title", "text")
    required_languages = {"ru": ("title", "text")}


@register(NoticeUpdate)
class NoticeUpdateTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {"ru": ("text",)}
