"""Shared fixtures: real database files in a temporary directory."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.repository import Store


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'redline.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened, migrated store on a real database file."""
    opened = Store.open(db_url)
    yield opened
    opened.close()
