from django.core.management.base import BaseCommand
from django.db import transaction

from faq import vocabulary
from faq.models import Article


class Command(BaseCommand):
    help = (
        "Renders every article's Markdown again (HTML, plain text, search column). Run it after "
        "an upgrade that changes the Markdown renderer or the sanitiser's allow-list."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for article in Article.objects.select_for_update().order_by("pk"):
                article.render()
                # Not save(): re-rendering is not an edit, so `updated_at` stays as it was.
                Article.objects.filter(pk=article.pk).update(
                    **{field: getattr(article, field) for field in article.rendered_fields()}
                )
                article.index_for_search()
                count += 1
            # update() sends no signal: the "did you mean" vocabulary is rebuilt from the new text.
            vocabulary.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Articles rendered: {count}."))
