"""Staff groups: support agents handle appeals, content editors edit contacts and articles."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from core import content as core_content
from core.roles import CONTENT_EDITORS, SUPPORT_AGENTS
from tests.tickets.factories import make_appeal

pytestmark = pytest.mark.django_db


def _codes(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_loading_twice_makes_each_group_once_with_its_russian_name():
    core_content.load()
    summary = core_content.load()
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Агенты поддержки",
        "Руководители поддержки",
        "Редакторы контента",
    }
    assert "0 permissions added" in summary


def test_agents_handle_appeals_but_cannot_delete_them():
    core_content.load()
    codes = _codes(Group.objects.get(name=SUPPORT_AGENTS.name))
    assert {"tickets.view_appeal", "tickets.change_appeal", "tickets.add_reply"} <= codes
    assert "tickets.delete_appeal" not in codes
    assert not any(code.startswith("contacts.") for code in codes)
    # Help articles: read only (to choose a topic's articles), never changed.
    assert {code for code in codes if code.startswith("faq.")} == {"faq.view_article"}


def test_editors_get_every_permission_of_the_contacts_and_help_apps():
    # Whatever models those apps have when the content is loaded.
    for app_label, model in [("contacts", "office"), ("faq", "article")]:
        kind, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in ("add", "change", "delete", "view"):
            Permission.objects.get_or_create(
                content_type=kind, codename=f"{action}_{model}", defaults={"name": action}
            )
    core_content.load()
    codes = _codes(Group.objects.get(name=CONTENT_EDITORS.name))
    assert {"contacts.delete_office", "faq.add_article", "faq.view_article"} <= codes
    assert not any(code.startswith("tickets.") for code in codes)


def test_permissions_staff_added_by_hand_are_kept():
    core_content.load()
    agents = Group.objects.get(name=SUPPORT_AGENTS.name)
    extra = Permission.objects.get(codename="delete_topic")
    agents.permissions.add(extra)
    core_content.load()
    assert agents.permissions.filter(pk=extra.pk).exists()


def test_an_agent_opens_the_appeals_admin_but_not_contacts_or_help(topic, agent, agent_client):
    make_appeal(topic)
    assert agent_client.get("/admin/tickets/appeal/").status_code == 200
    index = agent_client.get("/admin/").content.decode()
    assert "/admin/tickets/appeal/" in index
    assert "/admin/contacts/" not in index and "/admin/faq/category/" not in index
    assert agent_client.get("/admin/contacts/").status_code == 404
    assert not agent.has_module_perms("contacts")
    # Help articles are listed to read (no "add" link): agents choose a topic's articles.
    assert "/admin/faq/article/" in index and "/admin/faq/article/add/" not in index


def test_an_editor_cannot_open_appeals(topic, content_editor_client):
    appeal = make_appeal(topic)
    assert content_editor_client.get("/admin/tickets/appeal/").status_code == 403
    assert (
        content_editor_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").status_code == 403
    )
    assert "/admin/tickets/" not in content_editor_client.get("/admin/").content.decode()


def test_managers_do_what_agents_do_plus_the_figures_and_the_personal_export():
    from core.roles import SUPPORT_MANAGERS

    core_content.load()
    agents = _codes(Group.objects.get(name=SUPPORT_AGENTS.name))
    managers = _codes(Group.objects.get(name=SUPPORT_MANAGERS.name))
    assert managers - agents == {"tickets.view_desk_stats", "tickets.export_personal_data"}
    assert {"tickets.add_cannedreply", "tickets.change_cannedreply"} <= agents
    editors = _codes(Group.objects.get(name=CONTENT_EDITORS.name))
    assert not any("cannedreply" in code for code in editors)
