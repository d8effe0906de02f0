"""The authentication context: the agreed shape, every variant, and the BSNs on the right side."""

import copy
import json
from pathlib import Path

import pytest

from machtigen import context

EXAMPLES = Path(__file__).resolve().parent / "examples"
GEMACHTIGDE, MACHTIGINGGEVER = "999995224", "999991607"
DIGID_MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
EH2PLUS = "urn:etoegang:core:assurance-class:loa2plus"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@pytest.mark.parametrize(
    "name",
    [path.stem for path in sorted(EXAMPLES.glob("*.json"))],
)
def test_every_example_has_the_agreed_shape(name):
    assert context.validate(example(name)) == example(name)


@pytest.mark.parametrize(
    ("name", "spoil"),
    [
        ("digid-machtigen", lambda c: c.pop("mandate")),
        ("digid", lambda c: c.update(levelOfAssurance=EH2PLUS)),
        ("eherkenning-bewindvoering", lambda c: c["mandate"].update(role="voogd")),
        ("digid", lambda c: c["authorizee"]["legalSubject"].update(identifier="123456789")),  # fails the elfproef
        ("digid", lambda c: c["authorizee"]["legalSubject"].pop("identifierType")),
        ("eherkenning", lambda c: c.update(source="digid")),
    ],
)
def test_a_spoiled_context_is_refused_without_repeating_its_numbers(name, spoil):
    spoiled = example(name)
    spoil(spoiled)
    with pytest.raises(context.InvalidContext) as refused:
        context.validate(spoiled)
    for number in (GEMACHTIGDE, MACHTIGINGGEVER, "123456789"):
        assert number not in str(refused.value)


# --- the builders: who is who --------------------------------------------------------------------


def test_digid_is_the_citizen_themselves():
    built = context.validate(context.digid(bsn=MACHTIGINGGEVER, level=DIGID_MIDDEN))
    assert built == example("digid")
    assert context.submitted_by(built)["identifier"] == MACHTIGINGGEVER
    assert context.acting_for(built) is None
    assert context.representation_kind(built) is None


def test_digid_machtigen_puts_the_machtiginggever_in_representee_and_the_gemachtigde_in_authorizee():
    built = context.validate(
        context.digid_machtigen(
            gemachtigde_bsn=GEMACHTIGDE,
            machtiginggever_bsn=MACHTIGINGGEVER,
            level="urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
            service_id="b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb",
        )
    )
    assert built == example("digid-machtigen")
    assert built["representee"]["identifier"] == MACHTIGINGGEVER
    assert built["authorizee"]["legalSubject"]["identifier"] == GEMACHTIGDE
    assert context.representation_kind(built) == "DigiD Machtigen"


def test_the_swapped_digid_machtigen_example_is_a_different_context():
    # The likeliest bug: the two BSNs the other way round. The example pins the right way.
    swapped = context.digid_machtigen(
        gemachtigde_bsn=MACHTIGINGGEVER,
        machtiginggever_bsn=GEMACHTIGDE,
        level="urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
        service_id="b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb",
    )
    context.validate(swapped)  # the shape cannot tell; the test above and the owner key can
    assert swapped != example("digid-machtigen")
    assert context.owner_key(swapped) != context.owner_key(example("digid-machtigen"))


def test_eherkenning_without_and_with_branch():
    acting = example("eherkenning")["authorizee"]["actingSubject"]["identifier"]
    assert context.validate(context.eherkenning(kvk="90002768", acting_subject=acting, level=EH2PLUS)) == example(
        "eherkenning"
    )
    branch = context.eherkenning(
        kvk="90002768",
        acting_subject="4B75A0EA107B3D36",
        level="urn:etoegang:core:assurance-class:loa3",
        branch="123456789012",
    )
    assert context.validate(branch) == example("eherkenning-branch")


ROLES = [("bewindvoerder", "bewindvoering"), ("curator", "curatele"), ("mentor", "mentorschap")]
SERVICE = {"id": "urn:etoegang:DV:00000001002308836000:services:9113", "uuid": "81216fa4-80a1-4686-a8ac-5c8e5c030c93"}


@pytest.mark.parametrize(("role", "kind"), ROLES)
def test_bewindvoering_curatele_mentorschap_put_the_client_in_representee(role, kind):
    built = context.eherkenning_mandate(
        kvk="12345678",
        acting_subject="4B75A0EA107B3D36",
        client_bsn=MACHTIGINGGEVER,
        role=role,
        level=EH2PLUS,
        services=[SERVICE],
    )
    context.validate(built)
    assert built["representee"] == {"identifierType": "bsn", "identifier": MACHTIGINGGEVER}
    assert built["authorizee"]["legalSubject"] == {"identifierType": "kvkNummer", "identifier": "12345678"}
    assert context.representation_kind(built) == kind
    if role == "bewindvoerder":
        assert built == example("eherkenning-bewindvoering")


def test_acting_for_yourself_through_machtigen_is_refused():
    same = context.digid_machtigen(gemachtigde_bsn=GEMACHTIGDE, machtiginggever_bsn=GEMACHTIGDE, level=DIGID_MIDDEN)
    with pytest.raises(context.InvalidContext):
        context.validate(same)


# --- levels ----------------------------------------------------------------------------------------


DIGID = list(context.DIGID_LEVELS)
EH = list(context.EHERKENNING_LEVELS)


@pytest.mark.parametrize("scale", [DIGID, EH], ids=["digid", "eherkenning"])
def test_levels_are_ordered(scale):
    for i, minimum in enumerate(scale):
        for j, level in enumerate(scale):
            assert context.meets_level(level, minimum) is (j >= i)


def test_eh2plus_lies_between_eh2_and_eh3():
    assert context.meets_level(EH2PLUS, "urn:etoegang:core:assurance-class:loa2")
    assert not context.meets_level("urn:etoegang:core:assurance-class:loa2", EH2PLUS)
    assert not context.meets_level(EH2PLUS, "urn:etoegang:core:assurance-class:loa3")


def test_a_level_of_the_other_scale_or_unknown_never_meets_a_minimum():
    assert not context.meets_level(DIGID[-1], EH[0])
    assert not context.meets_level(EH[-1], DIGID[0])
    assert not context.meets_level("urn:made-up", DIGID[0])
    assert context.meets_level(DIGID[0], "")


def test_level_labels():
    assert context.level_label(DIGID_MIDDEN) == "DigiD midden"
    assert context.level_label(EH2PLUS) == "eHerkenning EH2+"


# --- masking and pseudonyms ----------------------------------------------------------------------


def test_a_bsn_is_shown_by_its_last_three_digits_only():
    masked = context.mask({"identifierType": "bsn", "identifier": MACHTIGINGGEVER})
    assert masked == "BSN ******607"
    assert MACHTIGINGGEVER[:6] not in masked


def test_pseudonymising_hides_every_identifier_keeps_the_shape_and_is_stable():
    original = example("eherkenning-bewindvoering")
    kept = copy.deepcopy(original)
    hidden = context.pseudonymise(original, b"k" * 32)
    assert original == kept  # the input is left alone
    text = json.dumps(hidden)
    for secret in (MACHTIGINGGEVER, "12345678", "4B75A0EA107B3D36"):
        assert secret not in text
    assert hidden["mandate"] == original["mandate"]
    assert hidden["representee"]["identifierType"] == "bsn"
    assert context.is_pseudonymised(hidden)
    assert context.pseudonymise(original, b"k" * 32) == hidden
    assert context.pseudonymise(original, b"x" * 32) != hidden
    assert context.mask(hidden["representee"]) == "(afgeschermd)"
