"""How close is the sandbox to the real Keap? Compare their answers by shape, revealing nothing.

``python -m helpers.fidelity`` sends a fixed list of read-only requests (``probes.PROBES``,
never more than fourteen) to Keap with the saved key and to a local sandbox, and prints a
side-by-side comparison of status codes, header names, field names and types, and fault
codes. Values that could identify a person or account become their type and length; the
open questions are answered as yes/no relations. ``--self-test`` compares the sandbox with
itself and needs no network.

Modules: ``probes`` (the request list), ``transport`` (the guarded send), ``shape``
(redaction), ``relations`` (the yes/no questions), ``compare`` (the differences), ``runner``
(both sides), ``report`` (JSON and text).
"""

from __future__ import annotations

from .probes import MAX_REQUESTS, PROBES
from .runner import Comparison, run, self_test

__all__ = ["MAX_REQUESTS", "PROBES", "Comparison", "run", "self_test"]
