import pytest

from lotsa.portal import sms


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.portal.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
