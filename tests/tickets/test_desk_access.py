"""Every address of the support desk tried directly by someone whose work it is not: a content
editor (no appeal, canned reply, bulk reply, incoming e-mail or figure), and an agent without
the managers' permission (no figures, no export). GET and POST alike; 403 or 404, never 200."""

import pytest

from tests.notices.factories import make_notice
from tests.tickets.factories import make_appeal
from tickets.models import CannedReply

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(topic):
    appeal = make_appeal(topic)
    canned = CannedReply.objects.create(title="Ждите", body_ru="Проверяем, {name}.")
    notice = make_notice(topics=[topic])
    return {"appeal": appeal.pk, "canned": canned.pk, "notice": notice.pk}


DESK_URLS = [
    "/admin/tickets/appeal/",
    "/admin/tickets/appeal/{appeal}/change/",
    "/admin/tickets/appeal/take-next/",
    "/admin/tickets/appeal/{appeal}/assign-to-me/",
    "/admin/tickets/appeal/{appeal}/presence/",
    "/admin/tickets/appeal/stats/",
    "/admin/tickets/appeal/stats/export/?since=2026-01-01&until=2026-12-31",
    "/admin/tickets/cannedreply/",
    "/admin/tickets/cannedreply/add/",
    "/admin/tickets/cannedreply/{canned}/change/",
    "/admin/tickets/inboundmessage/",
    "/admin/notices/notice/{notice}/reply/",
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", DESK_URLS)
def test_a_content_editor_reaches_nothing_of_the_desk(content_editor_client, desk, url, method):
    response = getattr(content_editor_client, method)(
        url.format(**desk), {"body_ru": "Всем привет", "title": "x"}
    )
    assert response.status_code in (403, 404, 405), response.status_code
    assert CannedReply.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tickets/appeal/stats/",
        "/admin/tickets/appeal/stats/export/?since=2026-01-01&until=2026-12-31",
    ],
)
def test_an_agent_without_the_managers_permission_gets_no_figures(agent_client, desk, url):
    assert agent_client.get(url).status_code == 403
