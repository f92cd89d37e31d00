"""The spoken call: sentences written out by hand, clips, and the clip vocabulary."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antrian.shared.tickets.spoken_call import (
    CLIP_VOCABULARY,
    CLIP_VOCABULARY_EN,
    Announcement,
    DigitMode,
    clip_vocabulary,
    compose_call,
    letter_name_id,
    missing_clips,
    number_to_words_en,
    number_to_words_id,
    split_code,
)

# (number, digit mode text after "A", words mode text after "A"), code printed with 3 digits.
NUMBERS_ID = [
    (0, "nol nol nol", "nol"),
    (1, "nol nol satu", "satu"),
    (10, "nol satu nol", "sepuluh"),
    (11, "nol satu satu", "sebelas"),
    (12, "nol satu dua", "dua belas"),
    (19, "nol satu sembilan", "sembilan belas"),
    (20, "nol dua nol", "dua puluh"),
    (99, "nol sembilan sembilan", "sembilan puluh sembilan"),
    (100, "satu nol nol", "seratus"),
    (101, "satu nol satu", "seratus satu"),
    (110, "satu satu nol", "seratus sepuluh"),
    (123, "satu dua tiga", "seratus dua puluh tiga"),
    (999, "sembilan sembilan sembilan", "sembilan ratus sembilan puluh sembilan"),
]


@pytest.mark.parametrize(("number", "digits", "words"), NUMBERS_ID)
def test_indonesian_sentence_in_both_digit_modes(number, digits, words):
    code = f"A{number:03d}"
    by_digit = compose_call(code, "1", digit_mode=DigitMode.DIGITS)
    in_words = compose_call(code, "1", digit_mode=DigitMode.WORDS)
    assert by_digit.text == f"Nomor antrian A {digits}, silakan menuju loket satu"
    assert in_words.text == f"Nomor antrian A {words}, silakan menuju loket satu"
    assert by_digit.lang == in_words.lang == "id"


def test_the_design_example_word_for_word():
    assert (
        compose_call("A001", "1").text == "Nomor antrian A nol nol satu, silakan menuju loket satu"
    )
    assert (
        compose_call("A001", "1", digit_mode="words").text
        == "Nomor antrian A satu, silakan menuju loket satu"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("A005", "Nomor antrian A nol nol lima, silakan menuju loket satu"),
        ("B005", "Nomor antrian Be nol nol lima, silakan menuju loket satu"),
        ("D005", "Nomor antrian De nol nol lima, silakan menuju loket satu"),
        ("P005", "Nomor antrian Pe nol nol lima, silakan menuju loket satu"),
        ("PA012", "Nomor antrian Pe A nol satu dua, silakan menuju loket satu"),
        ("KQX7", "Nomor antrian Ka Ki Eks tujuh, silakan menuju loket satu"),
    ],
)
def test_prefix_letters_are_read_by_their_indonesian_names(code, expected):
    assert compose_call(code, "1").text == expected


@pytest.mark.parametrize(
    ("counter", "mode", "spoken"),
    [
        ("1", DigitMode.DIGITS, "loket satu"),
        ("4", DigitMode.DIGITS, "loket empat"),
        ("12", DigitMode.DIGITS, "loket dua belas"),  # never "loket satu dua"
        ("12", DigitMode.WORDS, "loket dua belas"),
        ("Prioritas", DigitMode.DIGITS, "loket Prioritas"),
        ("Back Office", DigitMode.WORDS, "loket Back Office"),
    ],
)
def test_counter_numbers_are_words_and_names_are_read_as_written(counter, mode, spoken):
    text = compose_call("C020", counter, digit_mode=mode).text
    number = "nol dua nol" if mode is DigitMode.DIGITS else "dua puluh"
    assert text == f"Nomor antrian Ce {number}, silakan menuju {spoken}"


def test_counter_label_replaces_loket():
    call = compose_call("A003", "2", counter_label="meja")
    assert call.text == "Nomor antrian A nol nol tiga, silakan menuju meja dua"
    assert call.clips[-2:] == ("meja", "dua")


def test_english_sentences():
    assert (
        compose_call("A001", "1", lang="en").text
        == "Number A zero zero one, please proceed to counter one"
    )
    assert (
        compose_call("A123", "12", lang="en", digit_mode=DigitMode.WORDS).text
        == "Number A one hundred twenty-three, please proceed to counter twelve"
    )
    assert (
        compose_call("PA010", "Prioritas", lang="en").text
        == "Number P A zero one zero, please proceed to counter Prioritas"
    )


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (111, "seratus sebelas"),
        (200, "dua ratus"),
        (215, "dua ratus lima belas"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1010, "seribu sepuluh"),
        (1100, "seribu seratus"),
        (2000, "dua ribu"),
        (2024, "dua ribu dua puluh empat"),
        (9999, "sembilan ribu sembilan ratus sembilan puluh sembilan"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (123456, "seratus dua puluh tiga ribu empat ratus lima puluh enam"),
    ],
)
def test_indonesian_number_words(n, words):
    assert number_to_words_id(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (40, "forty"),
        (99, "ninety-nine"),
        (101, "one hundred one"),
        (1000, "one thousand"),
        (2019, "two thousand nineteen"),
        (999999, "nine hundred ninety-nine thousand nine hundred ninety-nine"),
    ],
)
def test_english_number_words(n, words):
    assert number_to_words_en(n) == words


@pytest.mark.parametrize("n", [-1, 1_000_000, True, 1.0, "7"])
def test_number_words_refuse_what_they_cannot_read(n):
    with pytest.raises(ValueError):
        number_to_words_id(n)
    with pytest.raises(ValueError):
        number_to_words_en(n)


def test_letter_names():
    names = [letter_name_id(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    assert names == [
        "A", "Be", "Ce", "De", "E", "Ef", "Ge", "Ha", "I", "Je", "Ka", "El", "Em", "En", "O",
        "Pe", "Ki", "Er", "Es", "Te", "U", "Ve", "We", "Eks", "Ye", "Zet",
    ]  # fmt: skip
    assert letter_name_id("b") == "Be"
    for bad in ["", "AB", "1", "É"]:
        with pytest.raises(ValueError):
            letter_name_id(bad)


def test_clips_for_digit_mode_match_the_design():
    assert compose_call("A001", "1").clips == (
        "nomor-antrian", "huruf-a", "nol", "nol", "satu", "silakan-menuju", "loket", "satu",
    )  # fmt: skip


def test_clips_for_words_mode_and_a_named_counter():
    call = compose_call("PA123", "Prioritas", digit_mode=DigitMode.WORDS)
    assert call.clips == (
        "nomor-antrian", "huruf-p", "huruf-a", "seratus", "dua", "puluh", "tiga",
        "silakan-menuju", "loket-prioritas",
    )  # fmt: skip
    assert compose_call("A1", "Back Office").clips[-1] == "loket-back-office"
    assert compose_call("B011", "12", digit_mode="words").clips == (
        "nomor-antrian", "huruf-b", "sebelas", "silakan-menuju", "loket", "dua", "belas",
    )  # fmt: skip


def test_english_clips():
    call = compose_call("A123", "1", lang="en", digit_mode=DigitMode.WORDS)
    assert call.clips == (
        "number", "letter-a", "one", "hundred", "twenty", "three", "please-proceed-to",
        "counter", "one",
    )  # fmt: skip
    assert set(call.clips) <= set(CLIP_VOCABULARY_EN)


def test_no_chime_in_clips_the_browser_makes_it():
    assert "chime" not in CLIP_VOCABULARY
    assert "chime" not in compose_call("A001", "1").clips


def test_missing_clips_lists_each_once_in_order():
    call = compose_call("A001", "Prioritas")
    assert missing_clips(set(CLIP_VOCABULARY), call) == ["loket-prioritas"]
    assert missing_clips(set(), call) == [
        "nomor-antrian", "huruf-a", "nol", "satu", "silakan-menuju", "loket-prioritas",
    ]  # fmt: skip
    assert missing_clips(set(CLIP_VOCABULARY), compose_call("Z999", "9")) == []


def test_vocabulary_has_no_duplicates_and_matches_language():
    assert len(set(CLIP_VOCABULARY)) == len(CLIP_VOCABULARY)
    assert len(set(CLIP_VOCABULARY_EN)) == len(CLIP_VOCABULARY_EN)
    assert clip_vocabulary("id") == CLIP_VOCABULARY
    assert clip_vocabulary("en") == CLIP_VOCABULARY_EN


@given(
    prefix=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3),
    number=st.integers(0, 9999),
    counter=st.integers(0, 9999),
    mode=st.sampled_from(DigitMode),
    lang=st.sampled_from(["id", "en"]),
)
def test_every_clip_of_every_call_is_in_the_vocabulary(prefix, number, counter, mode, lang):
    call = compose_call(f"{prefix}{number:04d}", str(counter), lang=lang, digit_mode=mode)
    assert missing_clips(set(clip_vocabulary(lang)), call) == []


@given(st.integers(0, 999_999))
def test_word_clips_spell_the_number_word_for_word(n):
    call = compose_call("A1", str(n), digit_mode=DigitMode.WORDS)
    counter_clips = call.clips[call.clips.index("loket") + 1 :]
    assert " ".join(counter_clips) == number_to_words_id(n)


@given(st.integers(0, 9999), st.integers(1, 4))
def test_split_code_round_trips(number, width):
    printed = f"{number:0{width}d}"
    assert split_code(f"PA{printed}") == ("PA", number, len(printed))


def test_split_code_examples():
    assert split_code("A001") == ("A", 1, 3)
    assert split_code("PA012") == ("PA", 12, 3)
    assert split_code("B7") == ("B", 7, 1)


@pytest.mark.parametrize(
    "code",
    ["", "001", "A", "a001", "A-001", "A 001", " A001", "A001 ", "ABCDEFG001", "A12345", "É001",
     "A٠٠١", "A00١", None, 1],
)  # fmt: skip
def test_bad_codes_raise(code):
    with pytest.raises(ValueError, match="code"):
        split_code(code)
    with pytest.raises(ValueError):
        compose_call(code, "1")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, "language"),
        ({"digit_mode": "spelled"}, "spelled"),
    ],
)
def test_bad_settings_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        compose_call("A001", "1", **kwargs)


@pytest.mark.parametrize("counter", ["", "   ", "★"])
def test_unusable_counter_names_raise(counter):
    with pytest.raises(ValueError):
        compose_call("A001", counter)


def test_announcement_is_immutable():
    call = compose_call("A001", "1")
    assert isinstance(call, Announcement)
    with pytest.raises(AttributeError):
        call.text = "x"  # type: ignore[misc]
