"""006 RTM builder under the official python3 and PyPI ``agora-token-builder``
names, with a snake_case alias::

    from agora_token_builder import RtmTokenBuilder                  # before
    from agora_token import RtmTokenBuilder                          # after
    from src.RtmTokenBuilder import RtmTokenBuilder, Role_Rtm_User    # before
    from agora_token.RtmTokenBuilder import RtmTokenBuilder, Role_Rtm_User  # after

The user account goes into the token's channel slot (by design of the
format); ``role`` is checked to be an int and otherwise ignored, as in the
reference. ``privilegeExpiredTs`` is an absolute Unix time.
"""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["RtmTokenBuilder", "Role_Rtm_User"]

Role_Rtm_User = 1


class RtmTokenBuilder:
    Role_Rtm_User = 1

    buildToken = _n.rtm006_camel_build_token
    build_token = _n.rtm006_build_token
