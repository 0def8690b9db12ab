"""The exception classes. Which core error code raises which class is decided
in one place, ``class_name`` in the native module (src/lib.rs)."""

from __future__ import annotations

__all__ = [
    "TokenError",
    "InvalidCredentialsError",
    "MalformedTokenError",
    "SignatureMismatchError",
    "TokenExpiredError",
    "ClaimMismatchError",
    "ValueOutOfRangeError",
    "InvalidArgumentError",
]


class TokenError(ValueError):
    """Base class of every error this package raises on purpose.

    ``code`` is the core's stable snake_case code (``"invalid_app_id"``,
    ``"bad_base64"``, ``"signature_mismatch"``, ...); ``message`` names the
    argument or field at fault and never contains an App Certificate.
    """

    code: str
    message: str

    def __init__(self, message: str, code: str = "invalid_argument") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __reduce__(self) -> tuple[type[TokenError], tuple[str, str]]:
        return (type(self), (self.message, self.code))


class InvalidCredentialsError(TokenError):
    """The app id or App Certificate is not 32 hexadecimal characters
    (``invalid_app_id``, ``invalid_app_certificate``, ``certificate_rejected``)."""


class MalformedTokenError(TokenError):
    """The token text is not a well-formed 006/007 token (``bad_version``,
    ``bad_payload``, ``bad_base64``, ``bad_zlib``, ``truncated_payload``,
    ``trailing_data``, ``payload_too_large``)."""


class SignatureMismatchError(TokenError):
    """The signature does not match the App Certificate (``signature_mismatch``)."""


class TokenExpiredError(TokenError):
    """The token, or a privilege checked, has expired (``expired``)."""


class ClaimMismatchError(TokenError):
    """The signature is valid but the token is for another user, channel or
    uid, or lacks the privilege (``identity_mismatch``, ``crc_mismatch``,
    ``privilege_missing``)."""


class ValueOutOfRangeError(TokenError):
    """A number does not fit its wire width, or a string is longer than
    65 535 bytes (``value_out_of_range``, ``value_too_long``)."""


class InvalidArgumentError(TokenError, TypeError):
    """An argument has the wrong type, e.g. ``uid=None`` or a float
    (``invalid_argument``). Also a ``TypeError``."""


# Shown as agora_token.TokenError etc. in tracebacks.
for _cls in (
    TokenError,
    InvalidCredentialsError,
    MalformedTokenError,
    SignatureMismatchError,
    TokenExpiredError,
    ClaimMismatchError,
    ValueOutOfRangeError,
    InvalidArgumentError,
):
    _cls.__module__ = "agora_token"
del _cls
