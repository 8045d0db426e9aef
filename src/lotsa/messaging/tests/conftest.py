import pytest

from lotsa.core import sms


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
