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
        # Resending a failed e-mail.
        "tickets.view_outboxemail",
        "tickets.change_outboxemail",
        # Topics: wording and order; a topic is hidden, not deleted.
        "tickets.view_topic",
        "tickets.change_topic",
        # The Priority list.
        "tickets.view_prioritycustomer",
        "tickets.add_prioritycustomer",
        "tickets.change_prioritycustomer",
        "tickets.delete_prioritycustomer",
    ),
)

CONTENT_EDITORS = Role(
    key="content_editors",
    name="Редакторы контента",
    name_en="Content editors",
    aliases=("Content editors",),
    # insights: the search report (what visitors search for and do not find) is editors' work.
    apps=("contacts", "faq", "insights"),
)

ROLES = (SUPPORT_AGENTS, CONTENT_EDITORS)


def staff_may(user, *permissions: str) -> bool:
    """Logged-in, active staff holding at least one of the permissions: the one staff check
    for what staff see or do outside the admin (draft previews, the article editor)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_perm(permission) for permission in permissions)
    )
