"""Shared fixtures: a private PostgreSQL server for the backend tests (no mock)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.store.pgcluster import LocalCluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalCluster]:
    """A throwaway PostgreSQL server (initdb + pg_ctl, fsync off), stopped at the end."""
    cluster = LocalCluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: LocalCluster) -> str:
    """A fresh empty database on the test server."""
    return pg_cluster.new_database()
