"""Settings of the app server that tests/test_faults.py starts and cuts off.

The test settings, plus Redis (REDIS_URL, through the test's proxy) as the
cache behind cms.cache.TolerantRedisCache, the way production should run it.
"""

import os

from cms.settings.base import cache_settings, session_engine
from cms.settings.test import *  # noqa: F403

CACHES = cache_settings(os.environ)
CACHES["default"]["BACKEND"] = "cms.cache.TolerantRedisCache"
CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1, "retry_after": 1}
SESSION_ENGINE = session_engine(os.environ)
