"""Editors build forms, case handlers read submissions; every look at a submission is logged."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from forms_platform.staff import CASE_HANDLERS, EDITORS, ensure_staff_groups
from submissions.models import SubmissionEvent
from submissions.receipt.links import signed_pdf_url
from tests.factories import SubmissionFactory, UserFactory
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

SUBMISSIONS = reverse("admin:submissions_submission_changelist")
FORMS = reverse("admin:builder_form_changelist")


def member_of(group_name: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return staff_client(user), user


@pytest.fixture
def received():
    return SubmissionFactory(received=True)


def change_url(submission) -> str:
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def staff_views(submission) -> list[dict]:
    return list(
        SubmissionEvent.objects.filter(submission=submission, kind="viewed_by_staff").values_list("detail", flat=True)
    )


def test_migrate_creates_both_groups_and_keeps_local_changes():
    editors = Group.objects.get(name=EDITORS)
    handlers = Group.objects.get(name=CASE_HANDLERS)
    assert set(editors.permissions.values_list("codename", flat=True)) >= {"change_form", "add_outage"}
    assert not editors.permissions.filter(content_type__app_label="submissions").exists()
    assert set(handlers.permissions.values_list("codename", flat=True)) == {
        "view_submission",
        "view_job",
        "change_job",
        "view_deletionrecord",
        "view_registrationrecord",
        "change_registrationrecord",
        "view_receivednotification",
    }

    handlers.permissions.remove(*handlers.permissions.filter(codename="change_job"))
    ensure_staff_groups()

    assert not handlers.permissions.filter(codename="change_job").exists()


def test_editors_manage_forms_but_never_see_submissions(received):
    client, _ = member_of(EDITORS)

    assert client.get(FORMS).status_code == 200
    assert client.get(SUBMISSIONS).status_code == 403
    assert client.get(change_url(received)).status_code == 403
    assert staff_views(received) == []


def test_case_handlers_read_submissions_and_change_nothing(received):
    client, _ = member_of(CASE_HANDLERS)

    assert client.get(SUBMISSIONS).status_code == 200
    assert client.get(change_url(received)).status_code == 200
    assert client.get(FORMS).status_code == 403
    assert client.post(change_url(received), {"public_reference": "X"}).status_code == 403
    assert client.get(reverse("admin:submissions_submission_delete", args=[received.pk])).status_code == 403
    assert client.get(reverse("admin:submissions_submission_add")).status_code == 403


def test_every_staff_view_of_a_submission_is_in_its_event_log(received):
    client, handler = member_of(CASE_HANDLERS)
    other = SubmissionFactory(received=True)
    draft = SubmissionFactory()

    client.get(SUBMISSIONS)  # the list shows references only, no answers
    assert staff_views(received) == []
    client.get(change_url(received))
    client.get(change_url(received))
    client.get(change_url(draft))
    client.post(SUBMISSIONS, {"action": "export_afschrift", "_selected_action": [received.pk]})

    me = {"user": handler.username, "user_id": handler.pk}
    assert staff_views(received) == [{**me, "view": "admin"}, {**me, "view": "admin"}, {**me, "view": "afschrift"}]
    assert staff_views(draft) == [{**me, "view": "admin"}]
    assert staff_views(other) == []


def test_staff_opening_the_signed_receipt_link_is_logged_and_citizens_are_not(received, citizen):
    client, handler = member_of(CASE_HANDLERS)
    url = signed_pdf_url(received)

    citizen.get(url)
    assert staff_views(received) == []
    client.get(url)

    assert staff_views(received) == [{"user": handler.username, "user_id": handler.pk, "view": "receipt_pdf"}]
