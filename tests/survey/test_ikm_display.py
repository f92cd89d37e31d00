"""What a report prints of the IKM: weighted NRR rounded half up, bar widths and the bands."""

from __future__ import annotations

from fractions import Fraction

import pytest

from antrian.shared.satisfaction import ikm
from antrian.shared.satisfaction.ikm import ELEMENT_KEYS, IkmWeight, compute_ikm


def responses(u1_scores: list[int]) -> list[dict[str, int]]:
    """One response per score of u1; every other element scores 3."""
    return [{**dict.fromkeys(ELEMENT_KEYS, 3), "u1": score} for score in u1_scores]


@pytest.mark.parametrize(("u1_scores", "weight", "expected"), [
    # 0.11 weight, u1 NRR 9/4 = 2.25: 2.25 × 0.11 = 0.2475 exactly -> 0.248 half up, but the
    # float product is 0.24749999... and '%.3f' prints 0.247.
    ([3, 2, 2, 2], IkmWeight.ROUNDED, 0.248),
    # 1/9 weight, u1 NRR 45/16 = 2.8125: 2.8125 / 9 = 0.3125 exactly -> 0.313, '%.3f' 0.312.
    ([3] * 13 + [2] * 3, IkmWeight.EXACT, 0.313),
])
def test_weighted_nrr_is_rounded_half_up_from_the_exact_product(u1_scores, weight, expected):
    result = compute_ikm(responses(u1_scores), weight)
    assert result is not None
    nrr = Fraction(sum(u1_scores), len(u1_scores))
    assert nrr * weight.value_fraction * 1000 % 1 == Fraction(1, 2)  # exactly on a half
    float_formatted = f"{result.elements['u1'] * result.weight:.3f}"  # what the page printed
    assert float_formatted != f"{expected:.3f}"
    assert result.weighted["u1"] == expected
    assert f"{result.weighted['u1']:.3f}" == f"{expected:.3f}"


def test_weighted_nrr_of_every_element():
    result = compute_ikm([dict.fromkeys(ELEMENT_KEYS, 4)] * 2, IkmWeight.EXACT)
    assert result is not None
    assert result.weighted == dict.fromkeys(ELEMENT_KEYS, 0.444)  # 4 / 9 = 0.4444...


def test_nrr_percent_is_the_bar_width():
    result = compute_ikm(responses([4, 3, 3]), IkmWeight.EXACT)  # u1 NRR 10/3
    assert result is not None
    assert result.nrr_percent()["u1"] == 83.3  # 10/3 / 4 = 83.333...%
    assert result.nrr_percent()["u2"] == 75.0


def test_bands_are_the_regulations_table_and_grade_the_results():
    assert [(b.grade, b.range_id, b.label_id) for b in ikm.BANDS] == [
        ("A", "88,31–100", "sangat baik"),
        ("B", "76,61–88,30", "baik"),
        ("C", "65,00–76,60", "kurang baik"),
        ("D", "25,00–64,99", "tidak baik"),
    ]
    for band in ikm.BANDS:
        assert ikm.grade_for(band.lower)[0] == band.grade
        assert ikm.grade_for(band.upper)[0] == band.grade
    assert ikm.grade_for(24.75)[0] == "D"  # below the table: only the 0.11 weight gets there
