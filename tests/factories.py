"""factory_boy factories; traits name lifecycle states (``FormFactory(published=True)``,
``SubmissionFactory(received=True)``)."""

import copy

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from builder import service
from builder.models import Form
from builder.text import localize
from submissions.models import Submission, SubmissionStep
from submissions.receipt import proof
from submissions.references import new_reference

from . import definitions


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@gemeente.example")


class FormFactory(DjangoModelFactory):
    """A form whose draft is ``definition`` (by default a fresh :func:`definitions.melding`)."""

    class Meta:
        model = Form
        skip_postgeneration_save = True

    class Params:
        definition = factory.Sequence(lambda n: definitions.melding(f"melding-{n}"))
        published = False

    slug = factory.LazyAttribute(lambda o: o.definition["slug"])
    name = factory.LazyAttribute(lambda o: localize(o.definition["name"], "nl"))
    draft = factory.LazyAttribute(lambda o: copy.deepcopy(o.definition))

    publish = factory.Maybe("published", factory.PostGeneration(lambda form, create, *_, **__: _publish(form, create)))


def _publish(form: Form, create: bool) -> None:
    if create:
        service.publish(form)
        form.refresh_from_db()


def _reference(submission) -> str:
    prefix = submission.form_version.definition["settings"]["reference_prefix"]
    return new_reference(prefix, timezone.localtime(submission.received_at).year)


class SubmissionFactory(DjangoModelFactory):
    """A submission of ``form``'s live version with saved ``data`` ({step key: step data}).

    ``received=True`` stores the steps first and then marks the submission received,
    the only order the database allows; its default data fits the default form.
    """

    class Meta:
        model = Submission

    class Params:
        form = factory.SubFactory(FormFactory, published=True)
        received = factory.Trait(
            data=factory.LazyFunction(lambda: copy.deepcopy(definitions.MELDING_DATA)),
            status=Submission.Status.RECEIVED,
            received_at=factory.LazyFunction(timezone.now),
            public_reference=factory.LazyAttribute(_reference),
            declaration_accepted=True,
        )

    form_version = factory.LazyAttribute(lambda o: o.form.live_version)
    data = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class, *args, data, **kwargs):
        final = {
            name: kwargs.pop(name)
            for name in (
                "status",
                "received_at",
                "public_reference",
                "receipt_digest",
                "receipt_signature",
                "receipt_format",
                "receipt_key_id",
                "receipt_document",
            )
            if name in kwargs
        }
        submission = super()._create(model_class, *args, **kwargs)
        for step_key, step_data in data.items():
            SubmissionStep.objects.create(submission=submission, step_key=step_key, data=step_data)
        if final:
            if final.get("status") == Submission.Status.RECEIVED and "receipt_digest" not in final:
                # Sign it as completion would, so receipts of factory submissions verify.
                for name, value in final.items():
                    setattr(submission, name, value)
                sealed = proof.seal(submission, data)
                final.update(
                    receipt_digest=sealed.digest,
                    receipt_signature=sealed.signature,
                    receipt_format=sealed.format,
                    receipt_key_id=sealed.key_id,
                    receipt_document=sealed.document,
                )
            model_class.objects.filter(pk=submission.pk).update(**final)
            submission = model_class.objects.get(pk=submission.pk)
        return submission
