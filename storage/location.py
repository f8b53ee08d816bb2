"""Where the database is: `--db`, then $REDLINE_DATABASE_URL, then a per-user file.

Apart from the engine, so every command resolves it without loading SQLAlchemy.
"""

from pathlib import Path

from platformdirs import user_data_path


def default_database_url() -> str:
    """The per-user database used when neither --db nor REDLINE_DATABASE_URL is given."""
    path = user_data_path("redline", appauthor=False) / "redline.db"
    return f"sqlite:///{path}"


def database_url(db_path: str | None, env_url: str | None) -> str:
    """Resolve the database: an explicit --db path or URL wins, then the environment."""
    if db_path:
        return db_path if "://" in db_path else f"sqlite:///{Path(db_path).expanduser()}"
    return env_url or default_database_url()
