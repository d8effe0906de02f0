import pytest
from django.core import checks

from forms_platform.registry import Registry, run_checks


@pytest.fixture
def registry():
    return Registry("test plugin")


def test_register_a_class_stores_an_instance_with_its_id(registry):
    @registry.register("one")
    class One:
        pass

    assert isinstance(registry["one"], One)
    assert registry["one"].id == "one"
    assert "one" in registry
    assert registry.ids() == ["one"]


def test_duplicate_ids_are_refused(registry):
    registry.add("one", object)
    with pytest.raises(ValueError, match="registered twice"):
        registry.add("one", object)


def test_unknown_id_names_what_is_known(registry):
    registry.add("one", lambda: None)
    with pytest.raises(LookupError, match="known: one"):
        registry["two"]
    assert registry.get("two") is None


def test_temporarily_registered_is_gone_after_the_block(registry):
    class Temp:
        pass

    with registry.temporarily("temp", Temp) as plugin:
        assert registry["temp"] is plugin
    assert "temp" not in registry


def test_plugin_checks_run_as_system_checks(registry):
    class Broken:
        def check(self, **kwargs):
            return [checks.Error("broken", id="test.E001")]

    with registry.temporarily("broken", Broken):
        assert [message.id for message in run_checks()] == ["test.E001"]
        assert any(message.id == "test.E001" for message in checks.run_checks())
