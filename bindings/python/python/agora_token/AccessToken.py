"""Low-level 006 token, with the names of the official python3 / PyPI
``AccessToken`` module (``AccessToken``, ``addPrivilege``, ``kJoinChannel``, ...).
Building goes through the Rust core; ``build()`` raises a ``TokenError``
subclass on bad input. There is no ``fromString``: use ``agora_token.parse``.
"""

from __future__ import annotations

import secrets
import time

from . import _agora_token as _n

__all__ = [
    "AccessToken",
    "kJoinChannel",
    "kPublishAudioStream",
    "kPublishVideoStream",
    "kPublishDataStream",
    "kRtmLogin",
    "getVersion",
]

kJoinChannel = 1
kPublishAudioStream = 2
kPublishVideoStream = 3
kPublishDataStream = 4
kRtmLogin = 1000


def getVersion() -> str:
    """The version prefix, ``"006"``."""
    return "006"


class AccessToken:
    """A 006 token to be signed. ``salt`` and ``ts`` are public attributes, as
    in the reference: by default a CSPRNG salt in 1..99 999 999 and now + 24 h.
    Privilege values are absolute Unix times (0 = never)."""

    def __init__(
        self,
        appID: str | bytes = "",
        appCertificate: str | bytes = "",
        channelName: str | bytes = "",
        uid: int | str | bytes = "",
        *,
        salt: int | None = None,
        ts: int | None = None,
    ) -> None:
        self.appID = appID
        self._app_certificate = appCertificate
        self.channelName = channelName
        self.uid = uid
        self.salt = salt if salt is not None else secrets.randbelow(99_999_999) + 1
        self.ts = ts if ts is not None else int(time.time()) + 24 * 3600
        self.messages: dict[int, int] = {}

    def __repr__(self) -> str:
        return (
            f"AccessToken(appID={self.appID!r}, channelName={self.channelName!r}, "
            f"uid={self.uid!r}, salt={self.salt}, ts={self.ts}, messages={self.messages})"
        )

    def addPrivilege(self, privilege: int, expireTimestamp: int) -> None:
        self.messages[privilege] = expireTimestamp

    add_privilege = addPrivilege

    def build(self) -> str:
        return _n.build_access_token006(
            self.appID,
            self._app_certificate,
            self.channelName,
            self.uid,
            self.salt,
            self.ts,
            list(self.messages.items()),
        )
