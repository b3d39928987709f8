"""What every harvest test starts from: a fresh mirror server, and a rate limiter without earlier tests' slots."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from extractors.http import RATE_LIMITER
from tests.mirror.server import MirrorServer


@contextmanager
def fresh_mirror() -> Iterator[MirrorServer]:
    """A running mirror server. The process-wide rate limiter is reset first: slots reserved by an earlier test
    (at another rate, on another port) must not delay this one."""
    RATE_LIMITER.reset()
    with MirrorServer() as server:
        yield server


def site_fixture(install: Callable[[MirrorServer], Any]):
    """A pytest fixture `site` = (server, what install(server) returned: the files the mirror serves), for a test
    module: `site = site_fixture(brs.install)`."""

    @pytest.fixture
    def site() -> Iterator[tuple[MirrorServer, Any]]:
        with fresh_mirror() as server:
            yield server, install(server)

    return site
