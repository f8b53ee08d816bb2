"""The flags a comparison reports, and their JSON form."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import cast

from monitor.analysis.kinds import FLAG_KINDS, FlagKind


@dataclass(frozen=True)
class Flag:
    """One change a reader checking the story would want pointed out.

    Text fields are as printed; values are normalised (see `monitor.analysis.figures`). Beyond the
    core fields, figure flags carry the old unit, range ends ("between 10 and 12", "7 to 4")
    and qualifier classes ("nearly", "more than"), since a qualifier change alone is a change.
    """

    kind: FlagKind
    before: str | None
    after: str | None
    old_sentence: str | None
    new_sentence: str | None
    old_paragraph: int | None
    new_paragraph: int | None
    speaker: str | None = None
    old_value: float | None = None
    new_value: float | None = None
    unit: str | None = None
    delta: float | None = None
    relative: float | None = None
    old_unit: str | None = None
    old_upper: float | None = None
    new_upper: float | None = None
    old_qualifier: str | None = None
    new_qualifier: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Every field, JSON-ready."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "Flag":
        """Rebuild a flag from `to_dict` output (e.g. stored JSON); unknown keys are ignored."""
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in FLAG_KINDS:
            raise ValueError(f"unknown flag kind: {kind!r}")
        return cls(
            kind=cast(FlagKind, kind),
            before=_text(data, "before"),
            after=_text(data, "after"),
            old_sentence=_text(data, "old_sentence"),
            new_sentence=_text(data, "new_sentence"),
            old_paragraph=_integer(data, "old_paragraph"),
            new_paragraph=_integer(data, "new_paragraph"),
            speaker=_text(data, "speaker"),
            old_value=_number(data, "old_value"),
            new_value=_number(data, "new_value"),
            unit=_text(data, "unit"),
            delta=_number(data, "delta"),
            relative=_number(data, "relative"),
            old_unit=_text(data, "old_unit"),
            old_upper=_number(data, "old_upper"),
            new_upper=_number(data, "new_upper"),
            old_qualifier=_text(data, "old_qualifier"),
            new_qualifier=_text(data, "new_qualifier"),
        )


def _text(data: Mapping[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{name} must be text or null, got {value!r}")


def _integer(data: Mapping[str, object], name: str) -> int | None:
    value = data.get(name)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"{name} must be an integer or null, got {value!r}")


def _number(data: Mapping[str, object], name: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"{name} must be a number or null, got {value!r}")


# A flag with its place in the new version's reading order.
Keyed = tuple[tuple[float, int, int], Flag]
