import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules: ~100,000 objects) lives as long as
# the process. Frozen, the garbage collector no longer walks it on each full collection: a full
# collection had paused a worker for ~50 ms every few thousand uncached pages, and every request
# queued behind that worker waited too. Collected first, so no garbage is kept for good.
gc.collect()
gc.freeze()
