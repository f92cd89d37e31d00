"""The satisfaction survey (SKM, Survei Kepuasan Masyarakat) instrument of PermenPANRB 14/2017.

The regulation fixes nine elements (*unsur*), each answered on a 1-4 scale, and a short
respondent profile. Each element has its own four answer words ("tidak mudah" ... "sangat
mudah", "sangat mahal" ... "gratis"): showing the generic "tidak baik" ... "sangat baik"
everywhere would change the instrument, so every element carries its own labels here.

Keys ``u1``..``u9`` follow the regulation's list of elements (docs/skm.md): ``u8`` is the
handling of complaints, ``u9`` the facilities. Some printed questionnaires ask about the
facilities before the complaints; when importing paper forms, map questions by meaning, not by
position.

The questions are worded plainly for elderly visitors and a screen reader (docs/architecture.md,
"Personal data and accessibility"). The service used, which the regulation's profile also asks,
is not asked here: it is known from the ticket the survey belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AGE_RANGE",
    "COMMENT_MAX_LENGTH",
    "EDUCATIONS",
    "ELEMENTS",
    "ELEMENT_KEYS",
    "OCCUPATIONS",
    "PROFILE_FIELDS",
    "SEXES",
    "Answer",
    "Choice",
    "Element",
    "SurveyInputError",
    "ValidatedResponse",
    "element",
    "validate_response",
]


@dataclass(frozen=True)
class Answer:
    """One of an element's four answers; ``score`` 1 is the worst, 4 the best."""

    score: int
    label_id: str
    label_en: str


@dataclass(frozen=True)
class Element:
    """One survey element (*unsur*) with its question and its own four answers."""

    key: str
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    answers: tuple[Answer, Answer, Answer, Answer]

    def answer(self, score: int) -> Answer:
        """The answer for ``score`` 1..4."""
        if type(score) is not int or not 1 <= score <= 4:
            raise ValueError(f"score must be an int 1..4, got {score!r}")
        return self.answers[score - 1]


def _element(
    key: str, names: tuple[str, str], questions: tuple[str, str], labels: tuple[str, ...]
) -> Element:
    """Build an element from labels given as id, en pairs for scores 1..4."""
    answers = tuple(Answer(score, *labels[2 * score - 2 : 2 * score]) for score in range(1, 5))
    return Element(key, *names, *questions, answers)  # type: ignore[arg-type]


ELEMENTS: tuple[Element, ...] = (
    _element(
        "u1",
        ("Persyaratan", "Requirements"),
        (
            "Apakah persyaratan pelayanan sesuai dengan jenis layanan yang Anda terima?",
            "Did the requirements fit the service you received?",
        ),
        ("Tidak sesuai", "Not appropriate", "Kurang sesuai", "Somewhat appropriate",
         "Sesuai", "Appropriate", "Sangat sesuai", "Very appropriate"),
    ),
    _element(
        "u2",
        ("Sistem, Mekanisme, dan Prosedur", "System, mechanism and procedure"),
        (
            "Seberapa mudah prosedur pelayanan di unit ini?",
            "How easy was the service procedure here?",
        ),
        ("Tidak mudah", "Not easy", "Kurang mudah", "Not very easy",
         "Mudah", "Easy", "Sangat mudah", "Very easy"),
    ),
    _element(
        "u3",
        ("Waktu Penyelesaian", "Completion time"),
        (
            "Seberapa cepat pelayanan Anda diselesaikan?",
            "How quickly was your service completed?",
        ),
        ("Tidak cepat", "Not fast", "Kurang cepat", "Not very fast",
         "Cepat", "Fast", "Sangat cepat", "Very fast"),
    ),
    _element(
        "u4",
        ("Biaya/Tarif", "Cost"),
        (
            "Bagaimana kewajaran biaya atau tarif pelayanan ini?",
            "How fair was the cost of this service?",
        ),
        ("Sangat mahal", "Very expensive", "Cukup mahal", "Rather expensive",
         "Murah", "Cheap", "Gratis", "Free"),
    ),
    _element(
        "u5",
        ("Produk Spesifikasi Jenis Pelayanan", "Service product"),
        (
            "Apakah hasil pelayanan sesuai dengan yang dijanjikan standar pelayanan?",
            "Did the result match what the service standard promises?",
        ),
        ("Tidak sesuai", "Not appropriate", "Kurang sesuai", "Somewhat appropriate",
         "Sesuai", "Appropriate", "Sangat sesuai", "Very appropriate"),
    ),
    _element(
        "u6",
        ("Kompetensi Pelaksana", "Staff competence"),
        (
            "Bagaimana kemampuan petugas dalam melayani Anda?",
            "How capable was the staff member who served you?",
        ),
        ("Tidak kompeten", "Not competent", "Kurang kompeten", "Not very competent",
         "Kompeten", "Competent", "Sangat kompeten", "Very competent"),
    ),
    _element(
        "u7",
        ("Perilaku Pelaksana", "Staff conduct"),
        (
            "Bagaimana kesopanan dan keramahan petugas?",
            "How polite and friendly was the staff?",
        ),
        ("Tidak sopan dan ramah", "Not polite and friendly",
         "Kurang sopan dan ramah", "Not very polite and friendly",
         "Sopan dan ramah", "Polite and friendly",
         "Sangat sopan dan ramah", "Very polite and friendly"),
    ),
    _element(
        "u8",
        ("Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints and suggestions"),
        (
            "Bagaimana unit ini menangani pengaduan, saran, dan masukan?",
            "How does this office handle complaints and suggestions?",
        ),
        ("Tidak ada", "There is none", "Ada tetapi tidak berfungsi", "Exists but does not work",
         "Berfungsi kurang maksimal", "Works, but not fully",
         "Dikelola dengan baik", "Well managed"),
    ),
    _element(
        "u9",
        ("Sarana dan Prasarana", "Facilities"),
        (
            "Bagaimana kualitas sarana dan prasarana pelayanan?",
            "How good are the service facilities?",
        ),
        ("Buruk", "Poor", "Cukup", "Adequate", "Baik", "Good", "Sangat baik", "Very good"),
    ),
)  # fmt: skip

ELEMENT_KEYS: tuple[str, ...] = tuple(e.key for e in ELEMENTS)
_BY_KEY = {e.key: e for e in ELEMENTS}


def element(key: str) -> Element:
    """The element with ``key`` ("u1".."u9"); KeyError for any other key."""
    return _BY_KEY[key]


@dataclass(frozen=True)
class Choice:
    """A profile choice: the stored ``code`` and what a respondent reads."""

    code: str
    label_id: str
    label_en: str


SEXES: tuple[Choice, ...] = (
    Choice("L", "Laki-laki", "Male"),
    Choice("P", "Perempuan", "Female"),
)

EDUCATIONS: tuple[Choice, ...] = (
    Choice("sd", "SD ke bawah", "Primary school or less"),
    Choice("smp", "SMP", "Junior secondary school"),
    Choice("sma", "SMA/SMK", "Senior secondary school"),
    Choice("d1_d3", "D1-D3", "Diploma (D1-D3)"),
    Choice("d4_s1", "D4/S1", "Bachelor's degree (D4/S1)"),
    Choice("s2", "S2", "Master's degree (S2)"),
    Choice("s3", "S3", "Doctorate (S3)"),
)

OCCUPATIONS: tuple[Choice, ...] = (
    Choice("pns", "PNS", "Civil servant"),
    Choice("tni_polri", "TNI/Polri", "Armed forces or police"),
    Choice("swasta", "Swasta", "Private sector employee"),
    Choice("wirausaha", "Wirausaha", "Self-employed"),
    Choice("pelajar_mahasiswa", "Pelajar/Mahasiswa", "Student"),
    Choice("guru_tendik", "Guru/Tenaga Kependidikan", "Teacher or education staff"),
    Choice("lainnya", "Lainnya", "Other"),
)

#: Inclusive bounds of a respondent's age in whole years.
AGE_RANGE = (10, 110)
COMMENT_MAX_LENGTH = 1000
PROFILE_FIELDS = ("age", "sex", "education", "occupation")

_CHOICES = {"sex": SEXES, "education": EDUCATIONS, "occupation": OCCUPATIONS}
_FIELD_NAMES = {
    "sex": ("Jenis kelamin", "Sex"),
    "education": ("Pendidikan", "Education"),
    "occupation": ("Pekerjaan", "Occupation"),
}
# Tab, newline and carriage return are fine in a comment; other control characters are not
# text (and PostgreSQL refuses NUL in a text column).
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


class SurveyInputError(ValueError):
    """A survey submission the instrument does not accept.

    ``field`` names the offending input (an element key, a profile field, "comment") so the
    form can mark it; ``message`` is Indonesian, then English after " / ".
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ValidatedResponse:
    """A submission that passed :func:`validate_response`; skipped profile fields are None."""

    scores: tuple[int, ...]  # u1..u9 in order
    age: int | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None
    comment: str | None = None

    @property
    def answers(self) -> dict[str, int]:
        """The scores keyed ``u1``..``u9``, the shape `ikm.compute_ikm` reads."""
        return dict(zip(ELEMENT_KEYS, self.scores, strict=True))


def validate_response(
    answers: Mapping[str, Any], profile: Mapping[str, Any] | None, comment: str | None
) -> ValidatedResponse:
    """Check a submission against the instrument and return it in its stored shape.

    Answers must be real ints 1..4: a bool or the string "3" is refused rather than coerced,
    so that parsing the form stays the route's job and a wrong type shows up as a bug. Every
    profile field is optional (absent or None means skipped) but must be valid when given.
    Raises :class:`SurveyInputError` for the first problem found, in form order.
    """
    scores = _check_answers(answers)
    checked = _check_profile(profile if profile is not None else {})
    return ValidatedResponse(scores=scores, comment=_check_comment(comment), **checked)


def _check_answers(answers: Mapping[str, Any]) -> tuple[int, ...]:
    if not isinstance(answers, Mapping):
        raise SurveyInputError("answers", "Jawaban tidak terbaca / Answers are unreadable")
    for key in answers:
        if key not in _BY_KEY:
            raise SurveyInputError(
                str(key), f"Unsur {key!r} tidak dikenal / Unknown survey element {key!r}"
            )
    scores = []
    for e in ELEMENTS:
        if e.key not in answers:
            raise SurveyInputError(
                e.key,
                f"Unsur {e.key} ({e.name_id}) belum dijawab / "
                f"Element {e.key} ({e.name_en}) is not answered",
            )
        value = answers[e.key]
        if type(value) is not int or not 1 <= value <= 4:
            raise SurveyInputError(
                e.key,
                f"Jawaban unsur {e.key} harus bilangan bulat 1 sampai 4 / "
                f"The answer to element {e.key} must be a whole number from 1 to 4",
            )
        scores.append(value)
    return tuple(scores)


def _check_profile(profile: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(profile, Mapping):
        raise SurveyInputError("profile", "Data responden tidak terbaca / Profile is unreadable")
    for name in profile:
        if name not in PROFILE_FIELDS:
            raise SurveyInputError(
                str(name),
                f"Data responden {name!r} tidak dikenal / Unknown respondent field {name!r}",
            )
    checked: dict[str, Any] = {}
    age = profile.get("age")
    low, high = AGE_RANGE
    if age is not None and (type(age) is not int or not low <= age <= high):
        raise SurveyInputError(
            "age",
            f"Usia harus bilangan bulat {low} sampai {high} tahun / "
            f"Age must be a whole number of years from {low} to {high}",
        )
    checked["age"] = age
    for name, choices in _CHOICES.items():
        value = profile.get(name)
        codes = tuple(c.code for c in choices)
        if value is not None and (not isinstance(value, str) or value not in codes):
            name_id, name_en = _FIELD_NAMES[name]
            raise SurveyInputError(
                name,
                f"{name_id} tidak dikenal, pilih salah satu: {', '.join(codes)} / "
                f"Unknown {name_en.lower()}, choose one of: {', '.join(codes)}",
            )
        checked[name] = value
    return checked


def _check_comment(comment: str | None) -> str | None:
    """The comment without surrounding blanks; an empty one is stored as None."""
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise SurveyInputError("comment", "Saran harus berupa teks / Comment must be text")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise SurveyInputError(
            "comment",
            f"Saran paling banyak {COMMENT_MAX_LENGTH} karakter / "
            f"Comment must be at most {COMMENT_MAX_LENGTH} characters",
        )
    if any(ord(ch) < 32 and ch not in _ALLOWED_CONTROLS for ch in comment) or "\x7f" in comment:
        raise SurveyInputError(
            "comment",
            "Saran berisi karakter yang tidak valid / Comment contains invalid characters",
        )
    return comment or None
