# Text messages go to lotsa.core.sms.outbox, as in the portal's tests.
from lotsa.portal.tests.conftest import sms_outbox  # noqa: F401
