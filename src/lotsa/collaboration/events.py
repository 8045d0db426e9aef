"""The consent's lifecycle, announced by collaboration's services and nowhere else.

Every event carries the consent, the acting user (None for scheduled work) and the date the
change takes effect (see lotsa.core.events for hook and on_commit):

- ``consent_given``: a consent record was made, whatever captured it (the consent page, a
  referral's consent carried over when its case opened, a coordination meeting, the API's
  referral). Announced by ``services.consent_register``/``consent_register_from_referral``;
  ``on`` is the day the person gave it.
- ``consent_revoked``: the person withdrew it (``services.consent_revoke``); ``on`` is today.
- ``consent_expired``: its last day has passed. Whether a consent is in force is always
  computed from its dates at the moment of reading (decision 0009), so nothing waits for this
  event to stop sharing; it is announced once per consent by ``services.consents_mark_expired``,
  which the daily ``lotsa expire_consents`` runs. ``on`` is the first day it no longer held.
"""

from lotsa.core.events import LifecycleEvent

CONSENT_EVENT_ARGUMENTS = ("consent", "actor", "on")

consent_given = LifecycleEvent("consent_given", arguments=CONSENT_EVENT_ARGUMENTS)
consent_revoked = LifecycleEvent("consent_revoked", arguments=CONSENT_EVENT_ARGUMENTS)
consent_expired = LifecycleEvent("consent_expired", arguments=CONSENT_EVENT_ARGUMENTS)

CONSENT_EVENTS = (consent_given, consent_revoked, consent_expired)
