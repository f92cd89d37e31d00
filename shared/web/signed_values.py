"""Values the server signs, hands to a browser and reads back: the online form's token (which
office's form, and when it was shown) and the known-desk cookie (the accounts that signed in
on this browser). Signing is the web's business; the domain gets the plain values back."""

from __future__ import annotations

from datetime import UTC, datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from antrian.shared.core.errors import InvalidInput

FORM_MAX_AGE_S = 6 * 3600
FORM_SALT = "antrian.online-form"
DESK_SALT = "antrian-known-desk"
KNOWN_DESKS_KEPT = 5


def form_token(secret: str, office_code: str) -> str:
    """Signed into the online form when it is shown: which office, and when."""
    return URLSafeTimedSerializer(secret, salt=FORM_SALT).dumps({"o": office_code})


def form_shown_at(secret: str, office_code: str, token: str) -> datetime:
    """When this office's form was shown; refuses an expired, forged or foreign token."""
    serializer = URLSafeTimedSerializer(secret, salt=FORM_SALT)
    try:
        data, signed_at = serializer.loads(token or "", max_age=FORM_MAX_AGE_S,
                                           return_timestamp=True)
    except SignatureExpired:
        raise InvalidInput("Formulir kedaluwarsa; kirim sekali lagi. / The form expired; "
                           "please send it again.", code="form_expired") from None
    except BadSignature:
        raise InvalidInput("Formulir tidak sah; muat ulang halaman. / Invalid form; reload "
                           "the page.", code="spam") from None
    if not isinstance(data, dict) or data.get("o") != office_code:
        raise InvalidInput("Formulir tidak sah. / Invalid form.", code="spam")
    return signed_at if signed_at.tzinfo else signed_at.replace(tzinfo=UTC)


def known_desk_cookie(secret: str, current: str | None, username: str) -> str:
    """The cookie value naming the accounts that signed in on this browser (the newest
    five), with `username` added."""
    names = [n for n in known_desk_usernames(secret, current) if n != username]
    return URLSafeSerializer(secret, salt=DESK_SALT).dumps(
        [*names[-(KNOWN_DESKS_KEPT - 1):], username])


def known_desk_usernames(secret: str, value: str | None) -> list[str]:
    if not value:
        return []
    try:
        names = URLSafeSerializer(secret, salt=DESK_SALT).loads(value)
    except BadSignature:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
