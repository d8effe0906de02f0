"""Definition rules that protect citizens' data, and input normalisation that follows from them."""

import pytest

from builder.definition.validation import InvalidDefinition, validate_definition
from builder.kinds import get_kind
from tests import definitions


def test_a_form_asking_for_a_bsn_may_not_mail_its_answers():
    definition = definitions.all_kinds()
    definition["settings"]["receipt_email"] = "pdf_attached"

    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(definition)

    [error] = caught.value.errors
    assert error.path == "$.settings.receipt_email"
    assert "BSN" in error.message


def test_the_default_receipt_mail_counts_as_mailing_the_answers():
    definition = definitions.all_kinds()
    del definition["settings"]["receipt_email"]

    with pytest.raises(InvalidDefinition):
        validate_definition(definition)


@pytest.mark.parametrize(("typed", "stored"), [("11222333", "011222333"), ("111 222 333", "111222333")])
def test_a_bsn_is_stored_as_nine_digits(typed, stored):
    assert get_kind("bsn").normalize(typed) == stored
