"""Agora access tokens (006 AccessToken and 007 AccessToken2): build, parse
and verify, on the Rust core of agora-token-rs.

Two layers:

* The names existing code already uses, so that switching is one import line
  (see the submodules ``RtcTokenBuilder2``, ``RtmTokenBuilder2``,
  ``ChatTokenBuilder2``, ``RtcTokenBuilder``, ``RtmTokenBuilder``, ...).
  Unlike the references, builders raise a ``TokenError`` subclass instead of
  returning ``''``, and take keyword-only ``salt=`` / ``issue_ts=`` (007) or
  ``salt=`` / ``now=`` (006) for reproducible output.
* ``parse(token)`` -> ``Token007`` / ``Token006`` (immutable, every field) and
  ``verify(token, app_certificate, *, user=, channel=, uid=, now=)``.

    >>> from agora_token import RtmTokenBuilder2, verify
    >>> t = RtmTokenBuilder2.build_token(
    ...     "970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b",
    ...     "alice", 3600)
    >>> verify(t, "5CFd2fd1755d40ecb72977518be15d3b", user="alice").service("rtm").user_id
    'alice'
"""

from __future__ import annotations

from . import (
    AccessToken,
    AccessToken2,
    ChatTokenBuilder2,
    EducationTokenBuilder2,
    RtcTokenBuilder2,
    RtmTokenBuilder2,
    apaas_token_builder,
    convoai_token_builder,
    education_token_builder,
    fpa_token_builder,
    stt_token_builder,
)
from ._agora_token import (
    MAX_TOKEN_LEN,
    Rtm2Permission,
    Service,
    Token,
    Token006,
    Token007,
    __version__,
    parse,
    verify,
)
from ._errors import (
    ClaimMismatchError,
    InvalidArgumentError,
    InvalidCredentialsError,
    MalformedTokenError,
    SignatureMismatchError,
    TokenError,
    TokenExpiredError,
    ValueOutOfRangeError,
)
from .AccessToken2 import ServiceRtm2
from .apaas_token_builder import ApaasTokenBuilder
from .convoai_token_builder import ConvoAITokenBuilder
from .education_token_builder import EducationTokenBuilder
from .fpa_token_builder import FpaTokenBuilder

# As in PyPI agora-token-builder, the package attributes RtcTokenBuilder and
# RtmTokenBuilder are the 006 *classes* (`from agora_token import
# RtcTokenBuilder`), while `from agora_token.RtcTokenBuilder import
# Role_Admin` still finds the submodule. These imports must come last.
from .RtcTokenBuilder import Role_Admin, Role_Attendee, RtcTokenBuilder  # noqa: E402
from .RtcTokenBuilder2 import Role_Publisher, Role_Subscriber
from .RtmTokenBuilder import (
    Role_Rtm_User,
    RtmTokenBuilder,  # noqa: E402
)
from .stt_token_builder import SttTokenBuilder

#: RTM2 resource permissions (the official ``ServiceRtm2.Permissions``).
Rtm2Permissions = ServiceRtm2.Permissions

__all__ = [
    "__version__",
    "MAX_TOKEN_LEN",
    # layer 2
    "parse",
    "verify",
    "Token",
    "Token006",
    "Token007",
    "Service",
    "Rtm2Permission",
    "Rtm2Permissions",
    # errors
    "TokenError",
    "InvalidCredentialsError",
    "MalformedTokenError",
    "SignatureMismatchError",
    "TokenExpiredError",
    "ClaimMismatchError",
    "ValueOutOfRangeError",
    "InvalidArgumentError",
    # layer 1: modules with the official names
    "AccessToken",
    "AccessToken2",
    "RtcTokenBuilder2",
    "RtmTokenBuilder2",
    "ChatTokenBuilder2",
    "EducationTokenBuilder2",
    "apaas_token_builder",
    "education_token_builder",
    "fpa_token_builder",
    "convoai_token_builder",
    "stt_token_builder",
    # layer 1: classes and constants
    "RtcTokenBuilder",
    "RtmTokenBuilder",
    "ApaasTokenBuilder",
    "EducationTokenBuilder",
    "FpaTokenBuilder",
    "ConvoAITokenBuilder",
    "SttTokenBuilder",
    "ServiceRtm2",
    "Role_Attendee",
    "Role_Publisher",
    "Role_Subscriber",
    "Role_Admin",
    "Role_Rtm_User",
]
