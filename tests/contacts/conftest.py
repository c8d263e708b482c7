import pytest
from django.utils import timezone

from tests.contacts.factories import make_editor


@pytest.fixture
def freeze_now(monkeypatch):
    """`freeze_now(moment)`: views see `moment` as `timezone.now()`."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def editor(db, django_user_model):
    return make_editor(django_user_model)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
