import pytest

from lotsa.core import sms
from lotsa.portal.tests.applying import application_world


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def world(db):
    """The organisation the public form "Ansök om stöd" applies to (portal/tests/applying.py)."""
    return application_world()
