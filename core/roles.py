"""Staff roles: what each kind of staff member may do in admin, kept as Django groups.

`core/content.py: load()` (run by `manage.py load_content`) creates the groups and grants what
is listed here. A role names permissions one by one and/or whole apps: an app's grant covers
every model the app has when the content is loaded, so rerun `load_content` after an app gains
models. A user also needs "staff status" to log in to admin.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Role:
    key: str
    name: str  # the group's name, as staff see it in the (Russian) admin
    name_en: str
    permissions: tuple[str, ...] = ()  # "app_label.codename"
    apps: tuple[str, ...] = ()  # every permission of these apps
    aliases: tuple[str, ...] = field(default=())  # earlier names of the same group


# Service notices are the one thing both groups edit: an outage is first seen by support agents
# (the appeals and calls pile up) and worded for the site by content editors, and neither may
# wait for the other at night. Deleting is left out: a notice ends (or is unpublished), and the
# appeals tagged with it keep their tag. Answering the tagged appeals at once stays with agents.
NOTICE_PERMISSIONS = (
    "notices.view_notice",
    "notices.add_notice",
    "notices.change_notice",
    "notices.view_noticeupdate",
    "notices.add_noticeupdate",
    "notices.change_noticeupdate",
    "notices.delete_noticeupdate",
)

SUPPORT_AGENTS = Role(
    key="support_agents",
    name="Агенты поддержки",
    name_en="Support agents",
    aliases=("Support agents",),
    permissions=(
        # Appeals: read and handle; never add (visitors do) nor delete (nothing is lost).
        "tickets.view_appeal",
        "tickets.change_appeal",
        "tickets.view_reply",
        "tickets.add_reply",
        "tickets.view_internalnote",
        "tickets.add_internalnote",
        "tickets.view_attachment",
        "tickets.view_appealevent",
        # Incoming e-mail: read what matched no appeal, add it to the right one.
        "tickets.view_inboundmessage",
        "tickets.change_inboundmessage",
        # Resending a failed e-mail.
        "tickets.view_outboxemail",
        "tickets.change_outboxemail",
        # Topics: wording and order; a topic is hidden, not deleted.
        "tickets.view_topic",
        "tickets.change_topic",
        # Choosing a topic's Help articles (the admin's search box looks articles up).
        "faq.view_article",
        # The Priority list.
        "tickets.view_prioritycustomer",
        "tickets.add_prioritycustomer",
        "tickets.change_prioritycustomer",
        "tickets.delete_prioritycustomer",
        # Canned replies are support's own answers: agents keep them up to date.
        "tickets.view_cannedreply",
        "tickets.add_cannedreply",
        "tickets.change_cannedreply",
        "tickets.delete_cannedreply",
        # The production calendar's exceptions: the legal deadlines of appeals count on it.
        "core.view_calendarexception",
        "core.add_calendarexception",
        "core.change_calendarexception",
        *NOTICE_PERMISSIONS,
    ),
)

SUPPORT_MANAGERS = Role(
    key="support_managers",
    name="Руководители поддержки",
    name_en="Support managers",
    # An agent's rights, plus the desk's figures and the export with personal data (which
    # agents do not get: they see one appeal's visitor at a time, not a file of everyone).
    permissions=(
        *SUPPORT_AGENTS.permissions,
        "tickets.view_desk_stats",
        "tickets.export_personal_data",
    ),
)

CONTENT_EDITORS = Role(
    key="content_editors",
    name="Редакторы контента",
    name_en="Content editors",
    aliases=("Content editors",),
    # insights: the search report (what visitors search for and do not find) is editors' work.
    apps=("contacts", "faq", "insights"),
    permissions=NOTICE_PERMISSIONS,
)

ROLES = (SUPPORT_AGENTS, SUPPORT_MANAGERS, CONTENT_EDITORS)


def staff_may(user, *permissions: str) -> bool:
    """Logged-in, active staff holding at least one of the permissions: the one staff check
    for what staff see or do outside the admin (draft previews, the article editor)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_perm(permission) for permission in permissions)
    )
