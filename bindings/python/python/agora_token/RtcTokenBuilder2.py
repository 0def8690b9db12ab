"""007 RTC builders under the official python3 names.

Switching from the official sources is one import line::

    from src.RtcTokenBuilder2 import RtcTokenBuilder, Role_Publisher        # before
    from agora_token.RtcTokenBuilder2 import RtcTokenBuilder, Role_Publisher  # after

The functions are also module attributes (``agora_token.RtcTokenBuilder2.
build_token_with_uid(...)``). Every builder takes keyword-only ``salt=`` and
``issue_ts=`` (default: CSPRNG salt, the clock) and raises a ``TokenError``
subclass instead of returning ``''``. Lifetimes are seconds from now;
``privilege_expire=0`` means the privileges have no limit of their own.
"""

from __future__ import annotations

from . import _agora_token as _n

# As in the official module (`from .AccessToken2 import *`), the low-level
# AccessToken2 names are importable from here too.
from .AccessToken2 import (
    AccessToken,
    Service,
    ServiceApaas,
    ServiceChat,
    ServiceConvoAI,
    ServiceEducation,
    ServiceFcdn,
    ServiceFpa,
    ServiceRtc,
    ServiceRtm,
    ServiceRtm2,
    ServiceStreaming,
    ServiceStt,
)

__all__ = [
    "RtcTokenBuilder",
    "Role_Publisher",
    "Role_Subscriber",
    "build_token_with_uid",
    "build_token_with_user_account",
    "build_token_with_uid_and_privilege",
    "build_token_with_user_account_and_privilege",
    "build_token_with_rtm",
    "build_token_with_rtm2",
    "AccessToken",
    "Service",
    "ServiceRtc",
    "ServiceRtm",
    "ServiceStreaming",
    "ServiceFpa",
    "ServiceChat",
    "ServiceFcdn",
    "ServiceApaas",
    "ServiceEducation",
    "ServiceRtm2",
    "ServiceConvoAI",
    "ServiceStt",
]

Role_Publisher = 1
Role_Subscriber = 2

build_token_with_uid = _n.rtc_build_token_with_uid
build_token_with_user_account = _n.rtc_build_token_with_user_account
build_token_with_uid_and_privilege = _n.rtc_build_token_with_uid_and_privilege
build_token_with_user_account_and_privilege = _n.rtc_build_token_with_user_account_and_privilege
build_token_with_rtm = _n.rtc_build_token_with_rtm
build_token_with_rtm2 = _n.rtc_build_token_with_rtm2


class RtcTokenBuilder:
    """The official ``RtcTokenBuilder`` (007): static methods only."""

    Role_Publisher = 1
    Role_Subscriber = 2

    build_token_with_uid = _n.rtc_build_token_with_uid
    build_token_with_user_account = _n.rtc_build_token_with_user_account
    build_token_with_uid_and_privilege = _n.rtc_build_token_with_uid_and_privilege
    build_token_with_user_account_and_privilege = _n.rtc_build_token_with_user_account_and_privilege
    build_token_with_rtm = _n.rtc_build_token_with_rtm
    build_token_with_rtm2 = _n.rtc_build_token_with_rtm2
