"""Shared test set-up: hypothesis profiles, and the tests folder on the import path.

Hypothesis profiles, chosen with the ``HYPOTHESIS_PROFILE`` environment variable:

- ``ci`` (the default): 1,000 examples per property, as the robustness issue asks; the
  property suite stays within a few minutes on two cores.
- ``dev``: 50 examples per property, for a quick run while editing.
- ``thorough``: 20,000 examples per property, no shrink or run time cap beyond hypothesis'
  own; run it before a release (``HYPOTHESIS_PROFILE=thorough pytest tests/test_properties.py``).

The deadline is generous (5 s per example, where a normal example takes milliseconds): it
catches a pathological slowdown such as catastrophic regex backtracking without making the
suite flaky on a busy machine.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings

# pytest runs with --import-mode=importlib, which does not put tests/ on sys.path; the
# property suite imports its strategies module from here.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

_DEADLINE = timedelta(seconds=5)

settings.register_profile("ci", max_examples=1_000, deadline=_DEADLINE, print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=_DEADLINE)
settings.register_profile(
    "thorough",
    max_examples=20_000,
    deadline=_DEADLINE,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
