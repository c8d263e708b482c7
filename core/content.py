"""Staff groups from core.roles, created or brought up to date (idempotent).

Permissions a role lists are added; permissions staff granted to a group by hand are kept.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

from core.roles import ROLES, Role


def _permissions_for(role: Role) -> list[Permission]:
    wanted = []
    for dotted in role.permissions:
        app_label, codename = dotted.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise ImproperlyConfigured(f"Role {role.key!r} names an unknown permission {dotted!r}")
        wanted.append(permission)
    wanted.extend(Permission.objects.filter(content_type__app_label__in=role.apps))
    return wanted


def _group_for(role: Role) -> tuple[Group, bool]:
    for name in (role.name, *role.aliases):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            return group, False
    return Group.objects.create(name=role.name), True


def load() -> str:
    # Permissions are normally made by `migrate`; make sure they exist for every app now.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    lines = []
    for role in ROLES:
        group, created = _group_for(role)
        wanted = _permissions_for(role)
        have = set(group.permissions.values_list("pk", flat=True))
        missing = [p for p in wanted if p.pk not in have]
        group.permissions.add(*missing)
        state = "created" if created else "updated"
        lines.append(f"group “{group.name}” {state}, {len(missing)} permissions added")
    return "; ".join(lines)
