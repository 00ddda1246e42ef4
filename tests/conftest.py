"""Settings every test module shares.

Property tests check what Accord computes, never how fast: on a loaded machine (CI beside
other work, or several test runs at once) Hypothesis's own timing checks (``deadline``, the
"too slow" health check on data generation) failed tests whose every example was right. They
are switched off here, once, for every property test.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("accord", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("accord")
