"""Spoken announcements for a call: the sentence and the recorded clips that say it.

The server composes each call's announcement once (docs/architecture.md, "Announcements") so
that every board in an office says exactly the same words, whether it plays the office's
recorded clips, a local ``id-ID`` Web Speech voice, or only shows the text. The chime before a
call is synthesised by the browser and is therefore never part of ``clips``.

Indonesian offices differ on how a ticket number is read (docs/sop.md, "Conventions of
Indonesian queue systems"): digit by digit ("A nol nol satu") or as a number in words
("A satu"). That is the :class:`DigitMode` setting. Counter numbers are always read as words
("loket dua belas"): nobody says "loket satu dua" for counter 12.

Letters are written as the names an ``id-ID`` speech synthesiser pronounces as Indonesian
letter names ("Be", "Ka", "Es"); a bare "B" or "K" is often read as an English letter or
swallowed.

Clip stems are file names without an extension (the board adds ``.mp3``/``.ogg``). Numbers in
words are built from a small fixed vocabulary, one clip per word ("seratus", "dua", "puluh",
"tiga"), so one recorded set covers every number up to 999,999.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CLIP_VOCABULARY",
    "CLIP_VOCABULARY_EN",
    "LANGUAGES",
    "MAX_NUMBER",
    "Announcement",
    "DigitMode",
    "clip_vocabulary",
    "compose_call",
    "letter_name_id",
    "missing_clips",
    "number_to_words_en",
    "number_to_words_id",
    "split_code",
]


class DigitMode(StrEnum):
    """How the number part of a ticket code is read aloud."""

    DIGITS = "digits"  # one by one: 123 -> "satu dua tiga", 001 -> "nol nol satu"
    WORDS = "words"  # as a number: 123 -> "seratus dua puluh tiga", 001 -> "satu"


@dataclass(frozen=True)
class Announcement:
    """One call as it is spoken: the sentence, and the recorded clips in playing order."""

    text: str
    clips: tuple[str, ...]
    lang: str


LANGUAGES = ("id", "en")

#: The largest number the word readers handle; ticket numbers stop far below it.
MAX_NUMBER = 999_999

# A series is one to six letters (a service's prefix, after a priority or channel prefix);
# the number one to four digits (SOP: "A001", a priority ticket of service A "PA001").
_CODE_RE = re.compile(r"([A-Z]{1,6})([0-9]{1,4})")

_LETTER_NAMES_ID = {
    "A": "A", "B": "Be", "C": "Ce", "D": "De", "E": "E", "F": "Ef", "G": "Ge", "H": "Ha",
    "I": "I", "J": "Je", "K": "Ka", "L": "El", "M": "Em", "N": "En", "O": "O", "P": "Pe",
    "Q": "Ki", "R": "Er", "S": "Es", "T": "Te", "U": "U", "V": "Ve", "W": "We", "X": "Eks",
    "Y": "Ye", "Z": "Zet",
}  # fmt: skip

_UNITS_ID = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_UNITS_EN = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS_EN = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# The fixed words of each sentence, as (text, clip).
_PHRASES = {
    "id": {"number": ("Nomor antrian", "nomor-antrian"), "go": ("silakan menuju", "silakan-menuju"),
           "counter": "loket"},
    "en": {"number": ("Number", "number"), "go": ("please proceed to", "please-proceed-to"),
           "counter": "counter"},
}  # fmt: skip

#: Every clip stem a complete Indonesian clip set contains. Counters known by a name rather
#: than a number need one more clip each, ``loket-<slug>`` (e.g. ``loket-prioritas``), which
#: is particular to the office and so not listed here.
CLIP_VOCABULARY: tuple[str, ...] = (
    "nomor-antrian",
    "silakan-menuju",
    "loket",
    *(f"huruf-{c.lower()}" for c in _LETTER_NAMES_ID),
    *_UNITS_ID,
    "sepuluh",
    "sebelas",
    "belas",
    "puluh",
    "seratus",
    "ratus",
    "seribu",
    "ribu",
)

#: The same for an English clip set.
CLIP_VOCABULARY_EN: tuple[str, ...] = (
    "number",
    "please-proceed-to",
    "counter",
    *(f"letter-{c.lower()}" for c in _LETTER_NAMES_ID),
    *_UNITS_EN,
    *_TENS_EN[2:],
    "hundred",
    "thousand",
)


def clip_vocabulary(lang: str) -> tuple[str, ...]:
    """The clip stems a complete set for ``lang`` contains."""
    return {"id": CLIP_VOCABULARY, "en": CLIP_VOCABULARY_EN}[_check_lang(lang)]


def split_code(code: str) -> tuple[str, int, int]:
    """Split a ticket code into (prefix, number, digit count): ``"A001"`` -> ``("A", 1, 3)``.

    The digit count is kept because digit mode reads the zeros as printed on the ticket.
    """
    if not isinstance(code, str):
        raise ValueError(f"ticket code must be a string, got {type(code).__name__}")
    match = _CODE_RE.fullmatch(code)
    if match is None:
        raise ValueError(
            f"invalid ticket code {code!r}: expected 1-3 capital letters A-Z followed by "
            "1-4 digits 0-9, like 'A001' or 'PA012'"
        )
    prefix, digits = match.groups()
    return prefix, int(digits), len(digits)


def letter_name_id(ch: str) -> str:
    """The spelling that makes an ``id-ID`` voice say the Indonesian name of letter ``ch``."""
    if not isinstance(ch, str) or len(ch) != 1 or ch.upper() not in _LETTER_NAMES_ID:
        raise ValueError(f"not a letter A-Z: {ch!r}")
    return _LETTER_NAMES_ID[ch.upper()]


def number_to_words_id(n: int) -> str:
    """Indonesian words for 0..999,999: 123 -> "seratus dua puluh tiga", 1000 -> "seribu"."""
    _check_number(n)
    if n == 0:
        return "nol"
    return " ".join(_words_id(n))


def _words_id(n: int) -> list[str]:
    """Words for 1..999,999; the "se-" forms (sepuluh, sebelas, seratus, seribu) replace "satu"."""
    if n < 10:
        return [_UNITS_ID[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [_UNITS_ID[n - 10], "belas"]
    if n < 100:
        return _compound(n, 10, ["puluh"], None)
    if n < 1000:
        return _compound(n, 100, ["ratus"], "seratus")
    return _compound(n, 1000, ["ribu"], "seribu")


def _compound(n: int, base: int, unit: list[str], one: str | None) -> list[str]:
    """``n`` as (head × base) + rest, reading a head of one as ``one`` when given."""
    head, rest = divmod(n, base)
    words = [one] if head == 1 and one else [*_words_id(head), *unit]
    return words + (_words_id(rest) if rest else [])


def number_to_words_en(n: int) -> str:
    """English words for 0..999,999 (no "and"): 123 -> "one hundred twenty-three"."""
    _check_number(n)
    if n == 0:
        return "zero"
    return " ".join(_words_en(n))


def _words_en(n: int) -> list[str]:
    if n < 20:
        return [_UNITS_EN[n]]
    if n < 100:
        tens, unit = divmod(n, 10)
        return [_TENS_EN[tens] + (f"-{_UNITS_EN[unit]}" if unit else "")]
    base, name = (100, "hundred") if n < 1000 else (1000, "thousand")
    head, rest = divmod(n, base)
    return [*_words_en(head), name, *(_words_en(rest) if rest else [])]


def compose_call(
    code: str,
    counter_name: str,
    *,
    lang: str = "id",
    digit_mode: DigitMode | str = DigitMode.DIGITS,
    counter_label: str | None = None,
) -> Announcement:
    """Compose the announcement for calling ticket ``code`` to counter ``counter_name``.

    ``counter_name`` is the counter's number ("1", "12"), read as words, or its name
    ("Prioritas", "Back Office"), read as written; pass the bare number, not "Loket 3".
    ``counter_label`` replaces the word "loket"/"counter" (e.g. "meja" at a desk).
    Raises ValueError for a bad code, language, digit mode or an empty counter name.
    """
    lang = _check_lang(lang)
    mode = DigitMode(digit_mode)
    prefix, number, width = split_code(code)
    phrases = _PHRASES[lang]

    number_text, number_clip = phrases["number"]
    text = [number_text]
    clips = [number_clip]

    for letter in prefix:
        text.append(letter_name_id(letter) if lang == "id" else letter)
        clips.append(f"{'huruf' if lang == 'id' else 'letter'}-{letter.lower()}")

    if mode is DigitMode.DIGITS:
        spoken = [_number_words(int(d), lang) for d in f"{number:0{width}d}"]
    else:
        spoken = [_number_words(number, lang)]
    text.extend(spoken)
    clips.extend(_clips_for(spoken))

    go_text, go_clip = phrases["go"]
    counter_text, counter_clips = _counter(counter_name, counter_label or phrases["counter"], lang)
    sentence = f"{' '.join(text)}, {go_text} {counter_text}"
    return Announcement(text=sentence, clips=(*clips, go_clip, *counter_clips), lang=lang)


def _counter(name: str, label: str, lang: str) -> tuple[str, list[str]]:
    """The counter part of the sentence ("loket dua belas") and its clips."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("counter name must be a non-empty string")
    name = name.strip()
    label = label.strip()
    label_slug = _slug(label)
    if name.isascii() and name.isdigit():
        words = _number_words(int(name), lang)
        return f"{label} {words}", [label_slug, *_clips_for([words])]
    return f"{label} {name}", [f"{label_slug}-{_slug(name)}"]


def missing_clips(available: set[str], announcement: Announcement) -> list[str]:
    """The clips ``announcement`` needs that ``available`` lacks, each once, in playing order.

    An empty list means the board can play the recorded clips; otherwise it falls back to
    speech synthesis, and the installer check lists what to record.
    """
    missing: list[str] = []
    for clip in announcement.clips:
        if clip not in available and clip not in missing:
            missing.append(clip)
    return missing


def _number_words(n: int, lang: str) -> str:
    return number_to_words_id(n) if lang == "id" else number_to_words_en(n)


def _clips_for(spoken: list[str]) -> list[str]:
    """One clip per word; English compounds ("twenty-three") are two clips."""
    return [clip for words in spoken for clip in words.replace("-", " ").split()]


def _slug(text: str) -> str:
    """File-name-safe stem: "Back Office" -> "back-office", "Lansia & Difabel" -> "lansia-difabel".

    Clip files are copied between Windows, Linux and phones: ASCII, lowercase, hyphens only.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a clip name from {text!r}: it has no letters or digits")
    return slug


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported announcement language {lang!r}; expected 'id' or 'en'")
    return lang


def _check_number(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number must be an int from 0 to {MAX_NUMBER}, got {n!r}")
