"""Numbers and session keys of two-factor sign-in."""

# Wrong codes in one session before the user is signed out (django-otp's exponential delay on
# the device slows down further attempts across sessions).
MAX_CODE_FAILURES = 5
RECOVERY_CODE_COUNT = 10

SESSION_FAILURES = "lotsa_two_factor_failures"
SESSION_PENDING_KEY = "lotsa_two_factor_pending_key"
SESSION_NEW_RECOVERY_CODES = "lotsa_two_factor_new_recovery_codes"
# When this session last passed the second factor (seconds since the epoch), for the pages that
# need a fresh check (creating a service account): signin.views.fresh_second_factor_required.
SESSION_VERIFIED_AT = "lotsa_two_factor_verified_at"
