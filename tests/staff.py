"""The one way tests build staff: from the roles in core.roles, as `load_content` sets them up.

The named users (`agent`, `content_editor`, `admin`) are fixtures in tests/conftest.py; a test
that needs someone narrower builds them here and names them for what they can do.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from core import content as core_content
from core.roles import CONTENT_EDITORS, SUPPORT_AGENTS, Role


def make_staff(
    username: str,
    *,
    roles: tuple[Role, ...] = (),
    permissions: tuple[str, ...] = (),
    superuser: bool = False,
    **fields,
):
    """Active staff in the given roles' groups, with any extra "app_label.codename" permissions.
    No password: tests log in with force_login, and hashing one costs ~0.3 s per user."""
    if roles:
        core_content.load()  # the roles' groups, as `load_content` makes them
    user = get_user_model().objects.create_user(
        username=username, password=None, is_staff=True, is_superuser=superuser, **fields
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role.name))
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_agent(username: str = "agent"):
    return make_staff(username, roles=(SUPPORT_AGENTS,))


def make_content_editor(username: str = "content_editor"):
    return make_staff(username, roles=(CONTENT_EDITORS,))


def make_admin(username: str = "admin"):
    return make_staff(username, superuser=True, email=f"{username}@example.org")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
