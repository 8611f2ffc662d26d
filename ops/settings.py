"""Settings of `make fuzz` and `make loadtest`: production's, run from one address.

Every request of a run comes from 127.0.0.1, so the per-address limits that
protect production (API throttle: API_THROTTLE_RATE, emptied by ops/stack.py;
page feedback: five answers per ten minutes) would answer most of it with 429
or 400. They are lifted here; tests/test_security.py and the feedback tests
prove the limits themselves.
"""

from cms.settings.production import *  # noqa: F403

FEEDBACK_RATE_LIMIT = 1_000_000
# The load test's editor signs in from 127.0.0.1 too; keep a typo from locking it out.
AXES_FAILURE_LIMIT = 1_000
