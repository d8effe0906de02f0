"""'Geen van deze' in a real browser: ticking it unticks the others, and the other way round."""

import pytest

from builder.service import import_definition
from tests.builder.test_exclusive_options import with_help

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_exclusive_option_unticks_the_others_and_is_unticked_by_them(page, live_server, axe):
    form, _ = import_definition(with_help(exclusive=["geen"]), publish_it=True)
    page.goto(f"{live_server.url}/formulieren/{form.slug}/")
    page.get_by_role("button", name="Start het formulier").click()

    thuiszorg, mantelzorg, geen = (
        page.get_by_label(name, exact=True) for name in ("Thuiszorg", "Mantelzorg", "Geen van deze")
    )
    thuiszorg.check()
    mantelzorg.check()
    geen.check()
    assert (thuiszorg.is_checked(), mantelzorg.is_checked(), geen.is_checked()) == (False, False, True)
    mantelzorg.check()
    assert (thuiszorg.is_checked(), mantelzorg.is_checked(), geen.is_checked()) == (False, True, False)
    assert axe("exclusive options") == []
