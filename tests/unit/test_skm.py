"""The SKM instrument: its nine elements, and which submissions it accepts."""

import pytest

from antrian.shared.satisfaction.instrument import (
    EDUCATIONS,
    ELEMENT_KEYS,
    ELEMENTS,
    OCCUPATIONS,
    SEXES,
    SurveyInputError,
    ValidatedResponse,
    element,
    validate_response,
)

ALL_THREES = {key: 3 for key in ELEMENT_KEYS}
FULL_PROFILE = {"age": 42, "sex": "P", "education": "d4_s1", "occupation": "guru_tendik"}


def refused(answers=None, profile=None, comment=None) -> SurveyInputError:
    with pytest.raises(SurveyInputError) as caught:
        validate_response(ALL_THREES if answers is None else answers, profile, comment)
    return caught.value


# --- the instrument ---------------------------------------------------------------------


def test_nine_elements_in_regulation_order():
    assert ELEMENT_KEYS == ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
    assert [(e.name_id, e.name_en) for e in ELEMENTS] == [
        ("Persyaratan", "Requirements"),
        ("Sistem, Mekanisme, dan Prosedur", "System, mechanism and procedure"),
        ("Waktu Penyelesaian", "Completion time"),
        ("Biaya/Tarif", "Cost"),
        ("Produk Spesifikasi Jenis Pelayanan", "Service product"),
        ("Kompetensi Pelaksana", "Staff competence"),
        ("Perilaku Pelaksana", "Staff conduct"),
        ("Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints and suggestions"),
        ("Sarana dan Prasarana", "Facilities"),
    ]


@pytest.mark.parametrize(
    ("key", "labels"),
    [
        ("u1", ["tidak sesuai", "kurang sesuai", "sesuai", "sangat sesuai"]),
        ("u2", ["tidak mudah", "kurang mudah", "mudah", "sangat mudah"]),
        ("u3", ["tidak cepat", "kurang cepat", "cepat", "sangat cepat"]),
        ("u4", ["sangat mahal", "cukup mahal", "murah", "gratis"]),
        ("u5", ["tidak sesuai", "kurang sesuai", "sesuai", "sangat sesuai"]),
        ("u6", ["tidak kompeten", "kurang kompeten", "kompeten", "sangat kompeten"]),
        (
            "u7",
            ["tidak sopan dan ramah", "kurang sopan dan ramah", "sopan dan ramah",
             "sangat sopan dan ramah"],
        ),
        (
            "u8",
            ["tidak ada", "ada tetapi tidak berfungsi", "berfungsi kurang maksimal",
             "dikelola dengan baik"],
        ),
        ("u9", ["buruk", "cukup", "baik", "sangat baik"]),
    ],
)  # fmt: skip
def test_each_element_has_its_own_answer_words(key, labels):
    e = element(key)
    assert [a.label_id.lower() for a in e.answers] == labels
    assert [a.score for a in e.answers] == [1, 2, 3, 4]
    assert all(a.label_en for a in e.answers)
    assert e.question_id.endswith("?") and e.question_en.endswith("?")
    assert e.answer(4) is e.answers[3]


def test_element_answer_refuses_bad_scores():
    for bad in (0, 5, True, "2"):
        with pytest.raises(ValueError):
            element("u1").answer(bad)
    with pytest.raises(KeyError):
        element("u10")


def test_profile_choices():
    assert [c.code for c in SEXES] == ["L", "P"]
    assert [c.label_id for c in EDUCATIONS] == [
        "SD ke bawah", "SMP", "SMA/SMK", "D1-D3", "D4/S1", "S2", "S3",
    ]  # fmt: skip
    assert [c.label_id for c in OCCUPATIONS] == [
        "PNS", "TNI/Polri", "Swasta", "Wirausaha", "Pelajar/Mahasiswa",
        "Guru/Tenaga Kependidikan", "Lainnya",
    ]  # fmt: skip
    for choices in (SEXES, EDUCATIONS, OCCUPATIONS):
        codes = [c.code for c in choices]
        assert len(set(codes)) == len(codes)
        assert all(c.label_en for c in choices)


# --- accepted submissions ---------------------------------------------------------------


def test_a_valid_response_with_everything():
    answers = {"u1": 4, "u2": 3, "u3": 2, "u4": 4, "u5": 3, "u6": 4, "u7": 4, "u8": 1, "u9": 3}
    result = validate_response(answers, FULL_PROFILE, "  Pelayanan cepat.\nTerima kasih  ")
    assert result == ValidatedResponse(
        scores=(4, 3, 2, 4, 3, 4, 4, 1, 3),
        age=42,
        sex="P",
        education="d4_s1",
        occupation="guru_tendik",
        comment="Pelayanan cepat.\nTerima kasih",
    )
    assert result.answers == answers


def test_the_profile_and_comment_may_be_skipped():
    result = validate_response(ALL_THREES, {}, None)
    assert (result.age, result.sex, result.education, result.occupation) == (None,) * 4
    assert result.comment is None
    assert validate_response(ALL_THREES, None, "   ").comment is None
    assert validate_response(ALL_THREES, {"age": None, "sex": None}, None).sex is None


def test_answer_order_in_the_mapping_does_not_matter():
    reversed_answers = {key: 4 for key in reversed(ELEMENT_KEYS)}
    assert validate_response(reversed_answers, {}, None).scores == (4,) * 9


@pytest.mark.parametrize("age", [10, 110])
def test_age_bounds_are_inclusive(age):
    assert validate_response(ALL_THREES, {"age": age}, None).age == age


def test_a_comment_of_exactly_1000_characters_is_accepted():
    assert validate_response(ALL_THREES, {}, "a" * 1000).comment == "a" * 1000


# --- refusals ---------------------------------------------------------------------------


def test_missing_element():
    answers = {k: v for k, v in ALL_THREES.items() if k != "u3"}
    error = refused(answers)
    assert error.field == "u3"
    assert error.message == (
        "Unsur u3 (Waktu Penyelesaian) belum dijawab / Element u3 (Completion time) is not answered"
    )


def test_no_answers_at_all_names_the_first_element():
    assert refused({}).field == "u1"


def test_unknown_element():
    error = refused({**ALL_THREES, "u10": 3})
    assert error.field == "u10"
    assert "tidak dikenal" in error.message and "Unknown" in error.message


@pytest.mark.parametrize("value", [0, 5, -1, True, False, "3", 3.0, None, [3]])
def test_answer_must_be_an_int_1_to_4(value):
    error = refused({**ALL_THREES, "u7": value})
    assert error.field == "u7"
    assert "1 sampai 4" in error.message and "1 to 4" in error.message


def test_answers_must_be_a_mapping():
    assert refused([3] * 9).field == "answers"  # type: ignore[arg-type]


def test_unknown_profile_field():
    error = refused(profile={"name": "Budi"})
    assert error.field == "name"


@pytest.mark.parametrize("age", [9, 111, 0, -5, "42", 42.0, True])
def test_bad_age(age):
    assert refused(profile={"age": age}).field == "age"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sex", "X"),
        ("sex", "l"),  # codes are exact
        ("sex", "Laki-laki"),  # a label is not a code
        ("sex", ""),
        ("education", "SMA"),
        ("education", "s4"),
        ("education", ["sd"]),
        ("occupation", "petani"),
        ("occupation", 1),
    ],
)
def test_bad_choice(field, value):
    error = refused(profile={field: value})
    assert error.field == field
    assert "pilih salah satu" in error.message and "choose one of" in error.message


def test_profile_must_be_a_mapping():
    assert refused(profile=["L"]).field == "profile"  # type: ignore[arg-type]


def test_comment_too_long():
    error = refused(comment="a" * 1001)
    assert error.field == "comment"
    assert "1000" in error.message


@pytest.mark.parametrize("comment", [123, b"bagus", "ba\x00gus", "bel\x07"])
def test_comment_must_be_plain_text(comment):
    assert refused(comment=comment).field == "comment"


def test_every_message_is_indonesian_then_english():
    cases = [
        refused({}),
        refused({**ALL_THREES, "x": 1}),
        refused({**ALL_THREES, "u1": 9}),
        refused(profile={"x": 1}),
        refused(profile={"age": 200}),
        refused(profile={"sex": "?"}),
        refused(comment="a" * 2000),
    ]
    for error in cases:
        indonesian, english = error.message.split(" / ")
        assert indonesian and english
        assert isinstance(error, ValueError)
        assert str(error) == f"{error.field}: {error.message}"
