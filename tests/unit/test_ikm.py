"""The IKM index and the Krejcie-Morgan sample size, checked against hand arithmetic."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antrian.shared.satisfaction.ikm import (
    ELEMENT_KEYS,
    IkmResult,
    IkmWeight,
    compute_ikm,
    grade_for,
    krejcie_morgan,
)
from antrian.shared.satisfaction.instrument import ELEMENT_KEYS as SKM_KEYS


def response(*scores: int) -> dict[str, int]:
    return dict(zip(ELEMENT_KEYS, scores, strict=True))


def uniform(score: int) -> dict[str, int]:
    return dict.fromkeys(ELEMENT_KEYS, score)


# Four responses, one row each (u1..u9):
#
#         u1  u2  u3  u4  u5  u6  u7  u8  u9
#   r1     4   3   3   4   3   3   4   2   3
#   r2     3   3   2   4   3   4   4   3   3
#   r3     4   4   3   4   3   3   4   2   4
#   r4     3   2   3   4   4   3   3   3   3
#   sum   14  12  11  16  13  13  15  10  13    (= 117 in all)
#   NRR  3.5 3.0 2.75 4.0 3.25 3.25 3.75 2.5 3.25  (sum / 4)
#
# Sum of NRR = 3.5 + 3.0 + 2.75 + 4.0 + 3.25 + 3.25 + 3.75 + 2.5 + 3.25 = 29.25 (= 117 / 4).
# Weight 1/9:  index = 29.25 / 9 = 3.25;       IKM = 3.25 × 25 = 81.25      -> B (baik).
# Weight 0.11: index = 29.25 × 0.11 = 3.2175;  IKM = 3.2175 × 25 = 80.4375 -> 80.44 -> B.
FOUR = [
    response(4, 3, 3, 4, 3, 3, 4, 2, 3),
    response(3, 3, 2, 4, 3, 4, 4, 3, 3),
    response(4, 4, 3, 4, 3, 3, 4, 2, 4),
    response(3, 2, 3, 4, 4, 3, 3, 3, 3),
]
FOUR_NRR = {
    "u1": 3.5, "u2": 3.0, "u3": 2.75, "u4": 4.0, "u5": 3.25,
    "u6": 3.25, "u7": 3.75, "u8": 2.5, "u9": 3.25,
}  # fmt: skip


def test_worked_example_with_the_exact_weight():
    result = compute_ikm(FOUR, IkmWeight.EXACT)
    assert result == IkmResult(
        respondents=4,
        elements=FOUR_NRR,
        index=3.25,
        ikm=81.25,
        grade="B",
        label_id="baik",
        label_en="good",
        weight=1 / 9,
    )


def test_worked_example_with_the_rounded_weight():
    result = compute_ikm(FOUR, IkmWeight.ROUNDED)
    assert result is not None
    assert result.elements == FOUR_NRR
    assert result.weight == 0.11
    assert result.index == pytest.approx(sum(FOUR_NRR.values()) * 0.11) == pytest.approx(3.2175)
    assert result.ikm == 80.44
    assert result.grade == "B"


def test_the_two_weights_give_different_values_for_the_same_data():
    exact = compute_ikm(FOUR, "exact")
    rounded = compute_ikm(FOUR, "rounded")
    assert exact is not None and rounded is not None
    assert (exact.ikm, rounded.ikm) == (81.25, 80.44)


def test_the_weight_can_change_the_grade():
    # One response, sum of NRR = 4 × 7 + 2 + 2 = 32.
    # 1/9:  32 / 9 × 25 = 88.888... -> 88.89 -> A.   0.11: 32 × 0.11 × 25 = 88.00 -> B.
    one = [response(4, 4, 4, 4, 4, 4, 4, 2, 2)]
    exact, rounded = compute_ikm(one, "exact"), compute_ikm(one, "rounded")
    assert exact is not None and rounded is not None
    assert (exact.ikm, exact.grade) == (88.89, "A")
    assert (rounded.ikm, rounded.grade) == (88.0, "B")


def test_the_ikm_rounds_half_up_not_to_even():
    # Eight respondents: one answers 4 everywhere, seven answer 3 everywhere.
    # Each NRR = (4 + 7 × 3) / 8 = 25 / 8 = 3.125; sum of NRR = 9 × 3.125 = 28.125.
    # 1/9:  index = 3.125, IKM = 78.125 -> 78.13 (half up; banker's rounding would give 78.12).
    # 0.11: index = 28.125 × 0.11 = 3.09375, IKM = 77.34375 -> 77.34.
    eight = [uniform(4)] + [uniform(3)] * 7
    exact, rounded = compute_ikm(eight, "exact"), compute_ikm(eight, "rounded")
    assert exact is not None and rounded is not None
    assert exact.ikm == 78.13
    assert rounded.ikm == 77.34
    assert rounded.index == pytest.approx(3.09375)


def test_nrr_is_exact_and_displayed_to_three_decimals():
    # Three respondents; u1 scores 4, 3, 3 -> NRR 10 / 3 = 3.333...; u2 scores 4, 4, 3 -> 3.667.
    three = [uniform(4), response(3, 4, 3, 3, 3, 3, 3, 3, 3), response(3, 3, 3, 3, 3, 3, 3, 3, 3)]
    result = compute_ikm(three, "exact")
    assert result is not None
    assert result.elements["u1"] == 10 / 3
    assert result.nrr_display()["u1"] == 3.333
    assert result.nrr_display()["u2"] == 3.667


def test_all_fours():
    # 1/9:  NRR 4 each, index = 36 / 9 = 4,     IKM = 100.00 -> A.
    # 0.11: index = 36 × 0.11 = 3.96, IKM = 99.00 -> A: the 0.11 weight never reaches 100.
    exact = compute_ikm([uniform(4)] * 5, IkmWeight.EXACT)
    rounded = compute_ikm([uniform(4)] * 5, IkmWeight.ROUNDED)
    assert exact is not None and rounded is not None
    assert (exact.ikm, exact.grade, exact.label_id) == (100.0, "A", "sangat baik")
    assert (rounded.ikm, rounded.grade) == (99.0, "A")


def test_all_ones():
    # 1/9:  index = 9 / 9 = 1, IKM = 25.00 -> D.   0.11: 9 × 0.11 × 25 = 24.75 -> D all the same.
    exact = compute_ikm([uniform(1)] * 3, IkmWeight.EXACT)
    rounded = compute_ikm([uniform(1)] * 3, IkmWeight.ROUNDED)
    assert exact is not None and rounded is not None
    assert (exact.ikm, exact.grade, exact.label_id) == (25.0, "D", "tidak baik")
    assert (rounded.ikm, rounded.grade) == (24.75, "D")


def test_no_responses_is_none():
    assert compute_ikm([], IkmWeight.EXACT) is None
    assert compute_ikm(iter(()), IkmWeight.ROUNDED) is None


def test_responses_may_be_a_one_shot_iterator_and_carry_other_keys():
    rows = ({**r, "ticket_id": i, "comment": "ok"} for i, r in enumerate(FOUR))
    result = compute_ikm(rows, "exact")
    assert result is not None and result.respondents == 4 and result.ikm == 81.25


@pytest.mark.parametrize(
    "bad",
    [
        {k: 3 for k in ELEMENT_KEYS if k != "u9"},
        {**uniform(3), "u2": 5},
        {**uniform(3), "u2": 0},
        {**uniform(3), "u2": "3"},
        {**uniform(3), "u2": True},
        [3] * 9,
    ],
)
def test_malformed_responses_raise(bad):
    with pytest.raises(ValueError, match="response 2"):
        compute_ikm([uniform(3), bad], "exact")


def test_unknown_weight_raises():
    with pytest.raises(ValueError):
        compute_ikm(FOUR, "0.1")


def test_keys_agree_with_the_instrument():
    assert ELEMENT_KEYS == SKM_KEYS


@pytest.mark.parametrize(
    ("converted", "grade", "label_id", "label_en"),
    [
        (25.0, "D", "tidak baik", "bad"),
        (64.99, "D", "tidak baik", "bad"),
        (65.0, "C", "kurang baik", "poor"),
        (76.6, "C", "kurang baik", "poor"),
        (76.61, "B", "baik", "good"),
        (88.3, "B", "baik", "good"),
        (88.31, "A", "sangat baik", "very good"),
        (100.0, "A", "sangat baik", "very good"),
    ],
)
def test_band_edges(converted, grade, label_id, label_en):
    assert grade_for(converted) == (grade, label_id, label_en)


@pytest.mark.parametrize(
    ("converted", "grade"),
    [
        (64.994, "D"),  # 64.99
        (64.995, "C"),  # 65.00: half up
        (76.604, "C"),  # 76.60
        (76.605, "B"),  # 76.61, although the float 76.605 is a hair below it in binary
        (88.304999, "B"),  # 88.30
        (88.305, "A"),  # 88.31
        (24.75, "D"),  # only the 0.11 weight gets here
        (100, "A"),
        (Decimal("76.605"), "B"),
        (Fraction(7661, 100), "B"),
    ],
)
def test_grade_is_read_on_the_value_rounded_to_two_decimals(converted, grade):
    assert grade_for(converted)[0] == grade


@pytest.mark.parametrize("bad", [-0.01, 100.01, float("nan"), float("inf"), "80", True, None])
def test_grade_for_refuses_non_ikm_values(bad):
    with pytest.raises(ValueError):
        grade_for(bad)


@given(
    st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=40),
)
def test_ikm_properties(rows):
    responses = [response(*row) for row in rows]
    exact = compute_ikm(responses, IkmWeight.EXACT)
    rounded = compute_ikm(responses, IkmWeight.ROUNDED)
    assert exact is not None and rounded is not None
    # With 1/9 the IKM is 25 × the mean of every answer given.
    total = sum(map(sum, rows))
    assert exact.ikm == pytest.approx(25 * total / (9 * len(rows)), abs=0.005 + 1e-9)
    assert 25 <= exact.ikm <= 100 and 24.75 <= rounded.ikm <= 99
    assert rounded.ikm <= exact.ikm
    assert rounded.index == pytest.approx(sum(rounded.elements.values()) * 0.11)
    for result in (exact, rounded):
        assert result.respondents == len(rows)
        assert grade_for(result.ikm) == (result.grade, result.label_id, result.label_en)
        assert round(result.ikm, 2) == result.ikm


# Krejcie & Morgan (1970), table of required sample sizes.
@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (1, 1), (10, 10), (15, 14), (50, 44), (100, 80), (500, 217), (1000, 278),
     (10000, 370), (1_000_000, 384)],
)  # fmt: skip
def test_krejcie_morgan_table(population, sample):
    # e.g. N = 1000: 3.841 × 1000 × 0.25 / (0.0025 × 999 + 3.841 × 0.25)
    #              = 960.25 / (2.4975 + 0.96025) = 960.25 / 3.45775 = 277.7 -> 278.
    #      N = 50:   48.0125 / (0.1225 + 0.96025) = 44.34 -> 44 (the table; not rounded up).
    assert krejcie_morgan(population) == sample


@given(st.integers(0, 10**7))
def test_krejcie_morgan_never_exceeds_the_population_and_grows(population):
    sample = krejcie_morgan(population)
    assert 0 <= sample <= population
    assert sample <= 384  # the limit for an infinite population is 384.16
    assert krejcie_morgan(population + 1) >= sample


@pytest.mark.parametrize("bad", [-1, 1.5, "100", True, None])
def test_krejcie_morgan_refuses_non_populations(bad):
    with pytest.raises(ValueError):
        krejcie_morgan(bad)
