"""pytest set-up for the whole repository: the doctests of ``src/`` collect without the optional extras.

``--doctest-modules`` imports every module under ``src/``. The datatrove and LangChain
integrations subclass their framework's base class, so importing one without its extra
raises ``MissingExtraError``, as it should for a user; here such a module is left out of
the collection instead, as the tests of each integration skip themselves without it.
"""

from __future__ import annotations

import importlib.util

_NEEDS = {"src/boilerstrip/datatrove.py": "datatrove", "src/boilerstrip/langchain.py": "langchain_core"}

collect_ignore = [path for path, package in _NEEDS.items() if importlib.util.find_spec(package) is None]
