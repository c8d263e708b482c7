from django.core.management.base import BaseCommand

from faq import vocabulary


class Command(BaseCommand):
    help = (
        "Rebuilds the search vocabulary (“did you mean”) from the published articles: after a "
        "bulk load or a QuerySet.update() of articles, which the running site does not notice."
    )

    def handle(self, *args, **options):
        count = vocabulary.rebuild()
        self.stdout.write(f"{count} words in the search vocabulary")
