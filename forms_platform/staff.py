"""Staff groups: what editors and case handlers may do in the admin.

Created after every ``migrate`` when missing, with the permissions below; a group that exists
already is left as the organisation set it up, so local changes survive an upgrade.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Redacteuren"
CASE_HANDLERS = "Behandelaars"

GROUPS: dict[str, dict[str, list[str]]] = {
    # Editors build and publish forms, choose where their submissions go and how citizens log in,
    # and announce outages; they never see submissions.
    EDITORS: {
        "builder": ["view_form", "add_form", "change_form", "view_formversion"],
        "registrations": ["view_formregistration", "add_formregistration", "change_formregistration"],
        "availability": ["view_outage", "add_outage", "change_outage"],
        "theme": ["view_theme", "change_theme"],
        # The organisation's words in the status e-mail (Wmebv C2).
        "notifications": ["view_statusmailtext", "change_statusmailtext"],
        "machtigen": [
            "view_formlogin",
            "add_formlogin",
            "change_formlogin",
            "view_loginoption",
            "add_loginoption",
            "change_loginoption",
            "delete_loginoption",
        ],
    },
    # Case handlers read submissions (read-only; every look is logged) and retry failed work:
    # after-receipt jobs and registrations.
    CASE_HANDLERS: {
        "submissions": ["view_submission", "view_job", "change_job", "view_deletionrecord"],
        "registrations": ["view_registrationrecord", "change_registrationrecord"],
        "notifications": ["view_receivednotification"],
    },
}


def ensure_staff_groups() -> list[Group]:
    """Create the staff groups that do not exist yet; return every staff group."""
    groups = []
    for name, permissions in GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for app_label, codenames in permissions.items():
                found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
                group.permissions.add(*found)
        groups.append(group)
    return groups
