"""The IKM (Indeks Kepuasan Masyarakat) of PermenPANRB 14/2017, and the survey's sample size.

For each of the nine elements the NRR (*nilai rata-rata*) is the mean score of the responses.
The index is the sum of NRR × weight, and the converted index (IKM) is index × 25, graded on
the regulation's table (docs/skm.md).

Arithmetic is done on exact fractions and rounded once, at the end, half up (the way Excel's
ROUND and a hand calculation round), so that a value on a band edge is classified the same way
an auditor's spreadsheet would: 76.605 is 76.61 and grade B, never 76.60 and grade C through
binary floating-point or banker's rounding.

The NRR per element are kept exact and the index is computed from the exact means. The
regulation's worked examples show NRR to three decimals; that is a presentation step
(:meth:`IkmResult.nrr_display`). Summing rounded NRR instead can move the IKM by up to about
0.01, enough to cross a band edge, so a recomputation from a printed report may differ from
ours in the last digit: ours is the one the formula defines. The same goes for each element's
NRR × weight, which a report prints beside the NRR (:attr:`IkmResult.weighted`): it is rounded
half up from the exact product, like the IKM, never by formatting a float.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "BANDS",
    "ELEMENT_KEYS",
    "Band",
    "IkmResult",
    "IkmWeight",
    "compute_ikm",
    "grade_for",
    "krejcie_morgan",
]

#: The survey elements, as in :mod:`shared.satisfaction.instrument` (not imported: only keys
#: are needed here).
ELEMENT_KEYS: tuple[str, ...] = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")

CONVERSION = 25
#: The highest score of an element (4, *sangat baik*); the lowest is 1.
MAX_SCORE = 4


class IkmWeight(StrEnum):
    """The weight of each element's NRR in the index.

    The regulation defines the weight as the total weight over the number of elements,
    1/9, and its text then writes that value as 0,11. Many offices copy the printed 0.11 into
    their spreadsheets, so their IKM runs from 24.75 (all ones) to 99.00 (all fours) instead of
    25.00 to 100.00, about 1% low everywhere. ``EXACT`` (1/9) is what the formula means and is
    the default we recommend; ``ROUNDED`` (0.11) exists so an office can match the figures it
    has already published. Reports must say which one was used.
    """

    EXACT = "exact"
    ROUNDED = "rounded"

    @property
    def value_fraction(self) -> Fraction:
        return Fraction(1, 9) if self is IkmWeight.EXACT else Fraction(11, 100)


@dataclass(frozen=True)
class Band:
    """One grade of the regulation's table, on the converted value rounded to two decimals."""

    grade: str
    lower: Fraction  # inclusive
    upper: Fraction  # inclusive
    label_id: str
    label_en: str

    @property
    def range_id(self) -> str:
        """The band's range as the regulation prints it, in Indonesian notation: "76,61–88,30"."""
        return f"{_id_number(self.lower)}–{_id_number(self.upper)}"


#: The grades of the converted IKM, best first (docs/skm.md). A value below the last band's lower
#: edge (only the rounded 0.11 weight gives one, down to 24.75) is graded as the last band.
BANDS: tuple[Band, ...] = (
    Band("A", Fraction("88.31"), Fraction(100), "sangat baik", "very good"),
    Band("B", Fraction("76.61"), Fraction("88.30"), "baik", "good"),
    Band("C", Fraction("65.00"), Fraction("76.60"), "kurang baik", "poor"),
    Band("D", Fraction("25.00"), Fraction("64.99"), "tidak baik", "bad"),
)


@dataclass(frozen=True)
class IkmResult:
    """The IKM of a set of responses.

    ``elements`` holds each element's exact NRR; ``index`` is the sum of NRR × ``weight``;
    ``ikm`` is index × 25 rounded half up to two decimals, and ``grade`` is read from it.
    ``weighted`` holds each element's exact NRR × exact weight rounded half up to three
    decimals, for display; it follows from the other fields, so equality ignores it.
    """

    respondents: int
    elements: dict[str, float]
    index: float
    ikm: float
    grade: str
    label_id: str
    label_en: str
    weight: float
    weighted: dict[str, float] = field(default_factory=dict, compare=False)

    def nrr_display(self) -> dict[str, float]:
        """The NRR rounded half up to three decimals, as the regulation's examples print them."""
        return {
            key: float(_round_half_up(Fraction(value), 3)) for key, value in self.elements.items()
        }

    def nrr_percent(self) -> dict[str, float]:
        """Each NRR as a percentage of the highest score, to one decimal (a report's bar)."""
        return {
            key: float(_round_half_up(Fraction(value) * 100 / MAX_SCORE, 1))
            for key, value in self.elements.items()
        }


def compute_ikm(
    responses: Iterable[Mapping[str, int]], weight: IkmWeight | str
) -> IkmResult | None:
    """The IKM of ``responses`` (each scoring ``u1``..``u9`` 1..4), or None when there are none.

    ``weight`` has no default on purpose: it is the office's setting, and the report says it.
    Keys other than ``u1``..``u9`` are ignored, so stored rows can be passed as they are.
    Raises ValueError for a response that lacks an element or scores one outside 1..4:
    responses are validated on entry (`instrument.validate_response`), so this is a bug.
    """
    w = IkmWeight(weight).value_fraction
    totals = dict.fromkeys(ELEMENT_KEYS, 0)
    count = 0
    for response in responses:
        count += 1
        for key in ELEMENT_KEYS:
            score = response.get(key) if isinstance(response, Mapping) else None
            if type(score) is not int or not 1 <= score <= MAX_SCORE:
                raise ValueError(f"response {count}: {key} must be an int 1..4, got {score!r}")
            totals[key] += score
    if count == 0:
        return None

    nrr = {key: Fraction(total, count) for key, total in totals.items()}
    index = sum(nrr.values(), Fraction(0)) * w
    converted = _round_half_up(index * CONVERSION, 2)
    grade, label_id, label_en = _grade(converted)
    return IkmResult(
        respondents=count,
        elements={key: float(value) for key, value in nrr.items()},
        index=float(index),
        ikm=float(converted),
        grade=grade,
        label_id=label_id,
        label_en=label_en,
        weight=float(w),
        weighted={key: float(_round_half_up(value * w, 3)) for key, value in nrr.items()},
    )


def grade_for(converted: float) -> tuple[str, str, str]:
    """(grade, Indonesian label, English label) for a converted IKM value.

    The value is first rounded half up to two decimals, then read on the table:
    25.00-64.99 D, 65.00-76.60 C, 76.61-88.30 B, 88.31-100.00 A. Values below 25.00, which
    only the rounded 0.11 weight produces (down to 24.75), are D.
    """
    if isinstance(converted, bool) or not isinstance(converted, int | float | Decimal | Fraction):
        raise ValueError(f"converted IKM must be a number, got {converted!r}")
    if not math.isfinite(converted):
        raise ValueError(f"converted IKM must be finite, got {converted!r}")
    # repr() of a float is the shortest decimal that reads back the same: the number a person
    # typed or saw, so 76.605 rounds to 76.61 although its binary value is a hair below.
    exact = Fraction(repr(converted)) if isinstance(converted, float) else Fraction(converted)
    return _grade(_round_half_up(exact, 2))


def _grade(value: Fraction) -> tuple[str, str, str]:
    """The band of a converted value already rounded to two decimals."""
    if not 0 <= value <= 100:
        raise ValueError(f"converted IKM must be between 0 and 100, got {float(value)}")
    band = next((b for b in BANDS if value >= b.lower), BANDS[-1])
    return band.grade, band.label_id, band.label_en


def krejcie_morgan(population: int) -> int:
    """Respondents needed for a population of ``population`` (Krejcie & Morgan, 1970).

    s = X²NP(1-P) / (d²(N-1) + X²P(1-P)) with X² = 3.841 (95% confidence), P = 0.5 and
    d = 0.05. The published table, which offices look figures up in, rounds s to the nearest
    whole number (50 -> 44.34 -> 44, 500 -> 217.47 -> 217, 1000 -> 277.7 -> 278); we do the
    same, exactly, so our figure always equals the table's. Rounding up instead would disagree
    with about half of the table's rows.
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ValueError(f"population must be a whole number >= 0, got {population!r}")
    chi_square, p, d = Fraction("3.841"), Fraction(1, 2), Fraction(5, 100)
    variance = chi_square * p * (1 - p)
    s = variance * population / (d * d * (population - 1) + variance)
    return math.floor(s + Fraction(1, 2))


def _id_number(value: Fraction) -> str:
    """A band edge as the regulation's table writes it: "65,00", "76,61", and the top "100"."""
    if value == CONVERSION * MAX_SCORE:
        return str(CONVERSION * MAX_SCORE)
    return f"{float(value):.2f}".replace(".", ",")


def _round_half_up(value: Fraction, places: int) -> Fraction:
    """``value`` rounded half up to ``places`` decimals, exactly (no float on the way)."""
    unit = Fraction(10) ** places
    return Fraction(math.floor(value * unit + Fraction(1, 2))) / unit
