"""Log levels and line formats: redline's own events at one level, libraries at another.

A service left running must log one line per event, not the scheduler's, the HTTP client's and
the migration tool's chatter (about 1,400 lines an hour while idle), so libraries stay at
WARNING unless the user asks for `-v`.
"""

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

OWN = "redline"  # every logger of ours is named redline.<part>
# APScheduler warns each time a tick finds the previous cycle still running and skips it; for
# redline's one-job loop that is the design working (a long cycle), not a problem to report.
EXPECTED_WARNINGS = ("apscheduler.scheduler",)
# The loggers of each check's and each poll's outcome: what `check` summarises on stdout.
SUMMARY_LOGGERS = ("redline.service", "redline.sources")


class LogFormat(StrEnum):
    """How log lines look: for a person, or one JSON object a line for a log shipper."""

    text = "text"
    json = "json"


@dataclass(frozen=True)
class Verbosity:
    """What the user asked for with `-v` (repeatable) and `-q`."""

    verbose: int = 0
    quiet: bool = False
    log_format: LogFormat = LogFormat.text

    def levels(self, *, service: bool) -> tuple[int, int]:
        """(redline's level, the libraries' level); a service reports its events by default."""
        if self.quiet:
            return logging.ERROR if not service else logging.WARNING, logging.ERROR
        own = logging.INFO if service or self.verbose else logging.WARNING
        if self.verbose >= 2:
            return logging.DEBUG, logging.DEBUG
        return own, logging.INFO if self.verbose else logging.WARNING


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(verbosity: Verbosity, *, service: bool, summary: bool = False) -> None:
    """Set the levels and the line format on stderr (again, when `serve` knows it is one).

    With `summary` the command prints each failed check and source problem itself (`check`
    does), so the log lines that say the same are held back unless `-v` asks for them.
    """
    own, libraries = verbosity.levels(service=service)
    handler = logging.StreamHandler()
    handler.set_name(OWN)
    if verbosity.log_format is LogFormat.json:
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")
        )
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == OWN]:
        root.removeHandler(old)  # ours from an earlier call; others' (a test's capture) stay
    root.addHandler(handler)
    root.setLevel(libraries)
    logging.getLogger(OWN).setLevel(own)
    for name in EXPECTED_WARNINGS:
        logging.getLogger(name).setLevel(libraries if verbosity.verbose else logging.ERROR)
    for name in SUMMARY_LOGGERS:
        held_back = summary and not verbosity.verbose
        logging.getLogger(name).setLevel(logging.ERROR if held_back else logging.NOTSET)
