"""A figure being read (`Cand`) and a stage's decision with the rule that made it (`Decision`).

Why: the resolvers and steps hand each other one small mutable record per figure — its metric so
far, the score and rule that chose it, why it is not an observation (`reason`), a locality paired
with it ("lần lượt"), a change's base date — instead of sharing state in one class. The rule names
are short and stable: they go into each row's note and into `explain`'s trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from de06metrics.numbers import Quantity

T = TypeVar("T")


@dataclass
class Cand:
    """One figure and its metric so far (`rule` names what chose it)."""

    q: Quantity
    metric: str | None
    score: float
    rule: str
    reason: str | None = None  # why it is not an observation
    area: str | None = None  # a locality paired with the figure ("lần lượt")
    base: date | None = None  # a change's base date ("so với ngày 5/1/2024")

    def unread(self) -> bool:
        """Is it out only because no rule named its metric ("unknown metric")?"""
        return self.reason is not None and self.reason.startswith("unknown metric")


class Decision(NamedTuple, Generic[T]):
    """What a resolver decided and the name of the rule that decided it."""

    value: T
    rule: str
