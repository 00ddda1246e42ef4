"""Settings every test module shares.

Property tests check what Accord computes, never how fast: on a loaded machine (CI beside
other work, or several test runs at once) Hypothesis's own timing checks (``deadline``, the
"too slow" health check on data generation) failed tests whose every example was right. They
are switched off here, once, for every property test.
"""

import pytest
from hypothesis import HealthCheck, settings

from tests.needs import require

settings.register_profile("accord", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("accord")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``needs`` (``tests.needs.needs``) runs only with its files: skipped on a
    machine without them, failed in CI, which has them."""
    for mark in item.iter_markers("needs"):
        require(*mark.args)
