"""Publishing: drafts become frozen, numbered versions; submissions keep the version they started on."""

import pytest
from django.db import DatabaseError, transaction

from builder import service
from builder.definition.io import digest
from builder.models import Form, FormVersion, ImmutableVersion
from submissions.models import Submission
from tests import definitions
from tests.factories import FormFactory, UserFactory
from tests.flow import confirmation_url, overview_url, start, step_url, submit
from tests.html import error_summary, page


def edit_draft(form: Form, change) -> Form:
    draft = form.draft
    change(draft)
    return service.save_draft(form, draft)


def add_required_location(draft: dict) -> None:
    step = draft["steps"][0]
    step["title"] = "Wat en waar"
    step["schema"]["properties"]["locatie"] = {"type": "string", "minLength": 1}
    step["schema"]["required"].append("locatie")
    step["ui"]["fields"]["locatie"] = {"kind": "text", "label": "Locatie"}
    step["ui"]["order"].append("locatie")


def test_publishing_a_new_form_creates_version_1(db):
    editor = UserFactory()
    form = service.save_draft(Form(slug="melding-openbare-ruimte"), definitions.melding())

    version = service.publish(form, editor)

    form.refresh_from_db()
    assert (version.number, version.published_by, form.live_version) == (1, editor, version)
    assert version.definition == definitions.melding()
    assert version.digest == digest(definitions.melding())
    assert not form.has_unpublished_changes


def test_publishing_an_unchanged_draft_is_a_no_op(db):
    form = FormFactory(published=True)

    again = service.publish(form)

    assert again == form.live_version
    assert form.versions.count() == 1


def test_editing_the_draft_and_publishing_creates_version_2(db):
    form = FormFactory(published=True)
    first = form.live_version

    edit_draft(form, add_required_location)
    assert form.has_unpublished_changes
    assert Form.objects.get(pk=form.pk).live_version == first  # editing alone changes nothing for citizens

    second = service.publish(form)

    form.refresh_from_db()
    assert (second.number, form.live_version) == (2, second)
    assert not form.has_unpublished_changes
    first.refresh_from_db()
    assert first.definition == definitions.melding(form.slug)
    assert list(form.versions.values_list("number", flat=True)) == [2, 1]


def test_save_draft_refuses_an_invalid_definition_and_keeps_the_old_draft(db):
    form = FormFactory(published=True)
    broken = form.draft
    broken["steps"][0]["key"] = "Stap 1"

    with pytest.raises(service.InvalidDefinition, match=r"\$\.steps\[0\]\.key"):
        service.save_draft(form, broken)

    assert Form.objects.get(pk=form.pk).draft["steps"][0]["key"] == "melding"


def test_save_draft_refuses_another_slug(db):
    form = FormFactory(published=True)

    with pytest.raises(service.InvalidDefinition, match=r"^\$\.slug: must stay"):
        service.save_draft(form, definitions.melding("iets-anders"))


def test_publishing_an_invalid_draft_creates_no_version(db):
    form = FormFactory(published=True)
    Form.objects.filter(pk=form.pk).update(draft={"format": "loket-form/1"})

    with pytest.raises(service.InvalidDefinition):
        service.publish(form)

    assert form.versions.count() == 1


def test_a_version_cannot_be_changed_after_saving(db):
    version = FormFactory(published=True).live_version
    version.definition["name"] = "Gewijzigd"

    with pytest.raises(ImmutableVersion, match="is published and cannot be changed"):
        version.save()

    assert FormVersion.objects.get(pk=version.pk).definition["name"] == definitions.melding()["name"]


def test_submission_started_on_v1_keeps_v1_after_v2_is_published(citizen, other_citizen, db):
    form = FormFactory(published=True)
    early = start(citizen, form.slug)

    edit_draft(form, add_required_location)
    service.publish(form)

    # The early citizen still sees and is validated against version 1.
    first_step = page(citizen.get(step_url(early, "melding")))
    assert first_step.find("h1").text == "Uw melding"
    assert not first_step.find_all(id="field-locatie")
    response = citizen.post(step_url(early, "melding"), {"onderwerp": "Losse stoeptegel", "locatie": "negeer mij"})
    assert response.status_code == 302
    citizen.post(step_url(early, "contact"), {"email": "melder@example.nl"})
    assert submit(citizen, early).url == confirmation_url(early)
    early.refresh_from_db()
    assert early.form_version.number == 1
    assert early.status == Submission.Status.RECEIVED
    assert early.steps.get(step_key="melding").data == {"onderwerp": "Losse stoeptegel"}

    # Someone starting now gets version 2 and its new required field.
    late = start(other_citizen, form.slug)
    assert late.form_version.number == 2
    response = other_citizen.post(step_url(late, "melding"), {"onderwerp": "Losse stoeptegel"})
    assert response.status_code == 400
    assert error_summary(response) == [("#field-locatie", "Vul ‘Locatie’ in.")]


def test_overview_of_an_old_submission_shows_the_old_steps(citizen, db):
    form = FormFactory(published=True)
    early = start(citizen, form.slug)
    citizen.post(step_url(early, "melding"), {"onderwerp": "Losse stoeptegel"})
    citizen.post(step_url(early, "contact"), {"email": "melder@example.nl"})

    edit_draft(form, add_required_location)
    service.publish(form)

    sections = page(citizen.get(overview_url(early))).find_all("section")
    assert [section.find("h2").text for section in sections] == ["Uw melding", "Uw contactgegevens"]


def test_the_database_refuses_to_change_a_published_version(db):
    form = FormFactory(published=True)
    version = form.live_version

    with pytest.raises(DatabaseError), transaction.atomic():
        FormVersion.objects.filter(pk=version.pk).update(definition={"tampered": True})
    assert FormVersion.objects.get(pk=version.pk).definition == version.definition
