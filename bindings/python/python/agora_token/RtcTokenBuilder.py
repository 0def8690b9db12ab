"""006 RTC builder under the official python3 and PyPI ``agora-token-builder``
names, with snake_case aliases::

    from agora_token_builder import RtcTokenBuilder                    # before
    from agora_token import RtcTokenBuilder                            # after
    from src.RtcTokenBuilder import RtcTokenBuilder, Role_Publisher     # before
    from agora_token.RtcTokenBuilder import RtcTokenBuilder, Role_Publisher  # after

``privilegeExpiredTs`` is an **absolute** Unix time (0 = never). Keyword-only
``salt=`` and ``now=`` fix the random salt and the build time (the token's
``ts`` is now + 24 h). Roles 0, 1 and 101 get the publish privileges, as in
the reference.
"""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["RtcTokenBuilder", "Role_Attendee", "Role_Publisher", "Role_Subscriber", "Role_Admin"]

Role_Attendee = 0  # the reference calls it deprecated; same as publisher
Role_Publisher = 1
Role_Subscriber = 2
Role_Admin = 101  # the reference calls it deprecated; same as publisher


class RtcTokenBuilder:
    """006 ``RtcTokenBuilder``: camelCase names of the reference plus
    snake_case aliases (``build_token_with_user_account`` is the 007 spelling
    of ``build_token_with_account``)."""

    Role_Attendee = 0
    Role_Publisher = 1
    Role_Subscriber = 2
    Role_Admin = 101

    buildTokenWithUid = _n.rtc006_camel_build_token_with_uid
    buildTokenWithAccount = _n.rtc006_camel_build_token_with_account
    build_token_with_uid = _n.rtc006_build_token_with_uid
    build_token_with_account = _n.rtc006_build_token_with_account
    build_token_with_user_account = _n.rtc006_build_token_with_account
