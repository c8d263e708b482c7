"""The admin site: every model admin registered on it, ours or a library's (users, groups,
axes), accepts only the filters it shows.

Django's own ModelAdmin.lookup_allowed lets any lookup on a model's own fields through the
changelist's query string, so `?link_secret__startswith=a` answered "which appeals have a secret
starting with a": a prefix oracle for any column, secrets and password hashes included.
"""

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.filters import ListFilter
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.db.models.constants import LOOKUP_SEP

# What the filters Django draws put after a field's path: equality, ranges for dates, the year,
# month and day of date_hierarchy, the primary key of a related object. Never a pattern
# (startswith, contains, regex), so no filter can spell out a value a character at a time.
SAFE_SUFFIXES = frozenset(
    {
        "",
        "exact",
        "isnull",
        "in",
        "gte",
        "gt",
        "lt",
        "lte",
        "year",
        "month",
        "day",
        "id__exact",
        "pk__exact",
        "id__in",
    }
)


class ShownFiltersOnlyMixin:
    def lookup_allowed(self, lookup, value, request):
        if self._raw_id_popup_lookup(lookup, value):
            return True
        exact, paths = self._shown_filters(request)
        if lookup in exact:
            return True
        for path in paths:
            if lookup == path:
                return True
            prefix = path + LOOKUP_SEP
            if lookup.startswith(prefix) and lookup[len(prefix) :] in SAFE_SUFFIXES:
                return True
        return False

    def _shown_filters(self, request):
        exact, paths = set(), set()
        if self.date_hierarchy:
            paths.add(self.date_hierarchy)
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, ListFilter):
                # A SimpleListFilter reads its own parameter and builds its own query.
                exact.add(getattr(item, "parameter_name", None))
            elif isinstance(item, list | tuple):
                paths.add(item[0])
            else:
                paths.add(item)
        return exact, paths

    def _raw_id_popup_lookup(self, lookup, value) -> bool:
        # The "choose a user" popup of a raw-id field passes its limit_choices_to as filters.
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False


_index_notes = []


def register_index_note(fn):
    """Register `fn(request)`, returning (text, url) or None: a reminder the admin's index shows
    at the top (e.g. articles due for review). Apps register theirs in AppConfig.ready()."""
    if fn not in _index_notes:
        _index_notes.append(fn)
    return fn


class SpravkaAdminSite(AdminSite):
    def index(self, request, extra_context=None):
        notes = [note for note in (fn(request) for fn in _index_notes) if note]
        return super().index(request, {**(extra_context or {}), "spravka_notes": notes})

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, ShownFiltersOnlyMixin):
            admin_class = type(
                admin_class.__name__,
                (ShownFiltersOnlyMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class SpravkaAdminConfig(AdminConfig):
    """Stands in for "django.contrib.admin" in INSTALLED_APPS."""

    default_site = "core.admin_site.SpravkaAdminSite"
