"""The gate before publishing: the GX `marts` suite (expectations.validate_marts) on the build warehouse.

Nothing is published unless it passed; a missing suite is a failure too, never a silent pass. The suite includes
the no-silent-drops gate: too many decision-typed documents without a decision (setting max_no_decision_share).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warehouse.settings import Settings


class MartChecksFailed(RuntimeError):
    """The GX `marts` suite failed; the message names the failed expectations."""


def check(settings: Settings) -> dict[str, Any]:
    """See warehouse.pipeline.check."""
    import expectations

    if not settings.warehouse_path.is_file():
        raise FileNotFoundError(f"no build warehouse at {settings.warehouse_path}: run `mercury build` first")
    validator = getattr(expectations, "validate_marts", None)
    if validator is None:
        raise RuntimeError("expectations.validate_marts is missing: the marts cannot be checked, nothing is published")
    outcome = validator(
        Path(settings.warehouse_path), Path(settings.docs_dir), max_no_decision_share=settings.max_no_decision_share
    )
    failures = list(outcome.failures)
    if not outcome.success:
        shown = "; ".join(failures) if failures else "no failure detail given"
        raise MartChecksFailed(f"mart checks failed: {shown} (Data Docs: {settings.docs_dir})")
    return {"success": True, "failures": failures, "docs": str(settings.docs_dir)}
