"""Per-language columns for staff-written text (django-modeltranslation): `title_ru`, `title_en`...

English pages read the `_en` column and fall back to Russian where it is empty.
"""

from modeltranslation.translator import TranslationOptions, register

from faq.models import Article, Category


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"ru": ("name",)}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "body_html", "body_text")
    required_languages = {"ru": ("title", "summary", "body")}
