"""007 RTM builders under the official python3 names::

    from src.RtmTokenBuilder2 import RtmTokenBuilder          # before
    from agora_token.RtmTokenBuilder2 import RtmTokenBuilder  # after

``build_token`` writes an RTM (type 2) service; ``build_token_with_permissions``
an RTM2 (type 8) service with resource permissions given as a
``ServiceRtm2.Permissions`` (also exported as ``agora_token.Rtm2Permissions``),
a dict ``{resource_type: {permission_type: [resources]}}`` or a list of
``(resource_type, permission_type, resources)``.
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
    "RtmTokenBuilder",
    "build_token",
    "build_token_with_permissions",
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

build_token = _n.rtm_build_token
build_token_with_permissions = _n.rtm_build_token_with_permissions


class RtmTokenBuilder:
    """The official ``RtmTokenBuilder`` (007): static methods only."""

    build_token = _n.rtm_build_token
    build_token_with_permissions = _n.rtm_build_token_with_permissions
