"""API v1 shapes of the survey (SKM): the visitor's response and its state."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, create_model

from antrian.shared.satisfaction import instrument, responses
from antrian.shared.satisfaction.ikm import ELEMENT_KEYS
from antrian.shared.web.api_models import Answer, Request

Score = Annotated[int, Field(ge=1, le=4, description="1 worst, 4 best (PermenPANRB 14/2017)")]

#: u1..u9, each required, nothing else: built from the instrument's own element keys.
class _Closed(Request):
    model_config = ConfigDict(extra="forbid")


SurveyAnswers = create_model(
    "SurveyAnswers", __base__=_Closed,
    **{key: (Score, Field(description=e.name_en)) for key, e in zip(
        ELEMENT_KEYS, instrument.ELEMENTS, strict=True)},
)


def _codes(choices) -> object:
    return Literal[tuple(c.code for c in choices)]


class SurveyProfile(_Closed):
    """Every field optional (null or absent: skipped)"""

    age: int | None = Field(None, ge=instrument.AGE_RANGE[0], le=instrument.AGE_RANGE[1])
    sex: _codes(instrument.SEXES) | None = None  # type: ignore[valid-type]
    education: _codes(instrument.EDUCATIONS) | None = None  # type: ignore[valid-type]
    occupation: _codes(instrument.OCCUPATIONS) | None = None  # type: ignore[valid-type]


class SurveyRequest(Request):
    """A visitor's survey response; a refusal names the element or profile field"""

    # The survey's own errors name the element or profile field alone ("u5", "age").
    error_field: ClassVar[str] = "leaf"
    answers: SurveyAnswers  # type: ignore[valid-type]
    profile: SurveyProfile | None = None
    comment: str | None = Field(None, max_length=instrument.COMMENT_MAX_LENGTH)


class SurveyStored(Answer):
    """Stored"""

    id: int
    ticket: str = Field(description="the ticket's public token")
    mode: Literal[responses.MODES]
    submitted_at: datetime


class SurveyState(Answer):
    """Whether the ticket's survey can be filled now"""

    ticket: str = Field(description="the ticket's code")
    state: Literal[responses.STATES]
    open_until: datetime | None
    survey_url: str
