"""What a validation stage reports back: small, JSON-friendly, importable without Great Expectations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ValidationFailed(Exception):
    """Raised by ValidationOutcome.raise_on_failure; the message lists every failed expectation."""


@dataclass
class ValidationOutcome:
    """Result of one stage's checkpoint.

    failures: one line per failed expectation, "<suite>.<table>: <expectation>(<column>): <what was seen>", plus lines
    for tables that could not be validated at all (missing table, unreadable warehouse).
    statistics: expectation counts, rows per table and where the Data Docs index is.
    """

    success: bool
    failures: list[str] = field(default_factory=list)
    statistics: dict[str, Any] = field(default_factory=dict)

    def raise_on_failure(self) -> None:
        """Stop the pipeline (and the publish) with a message naming what failed."""
        if not self.success:
            shown = "\n".join(f"- {line}" for line in self.failures)
            raise ValidationFailed(f"{len(self.failures)} data check(s) failed:\n{shown}")
