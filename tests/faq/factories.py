"""Small helpers that make help-section objects for tests."""

import itertools
from io import BytesIO

from django.utils import timezone
from PIL import Image

from faq.models import Article, Category, HelpfulVote

_numbers = itertools.count(1)


def make_category(**fields) -> Category:
    n = next(_numbers)
    fields.setdefault("slug", f"category-{n}")
    fields.setdefault("name_ru", f"Категория {n}")
    fields.setdefault("name_en", f"Category {n}")
    return Category.objects.create(**fields)


def make_article(*, category: Category | None = None, published: bool = True, **fields) -> Article:
    n = next(_numbers)
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("title_ru", f"Статья {n}")
    fields.setdefault("summary_ru", f"Краткое описание статьи {n}.")
    fields.setdefault("body_ru", f"Текст статьи {n}.")
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now())
    else:
        fields.setdefault("status", Article.Status.DRAFT)
    article = Article(category=category or make_category(), **fields)
    article.full_clean()
    article.save()
    return article


def make_vote(article: Article, *, visitor: str | None = None, helpful: bool = True):
    return HelpfulVote.objects.create(
        article=article, visitor=visitor or f"visitor-{next(_numbers)}", helpful=helpful
    )


def make_image_bytes(image_format: str = "PNG", size=(40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(out, image_format)
    return out.getvalue()
