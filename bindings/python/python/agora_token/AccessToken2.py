"""Low-level 007 (AccessToken2) objects, with the names of the official
python3 ``src/AccessToken2.py``: ``AccessToken``, ``ServiceRtc``, ``ServiceRtm``,
..., ``ServiceRtm2.Permissions``. Building goes through the Rust core.

Differences from the reference, all on purpose:

* ``build()`` raises a ``TokenError`` subclass instead of returning ``''``.
* Services are kept in the order added (several of one type are allowed and
  written in a stable order by type), as the vectors require.
* ``salt=`` can be given (keyword only) for reproducible tokens; by default it
  is drawn per build from the OS CSPRNG in 1..99 999 999, like the reference.
* There is no ``from_string``: use ``agora_token.parse`` / ``agora_token.verify``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Union

from . import _agora_token as _n

__all__ = [
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
    "get_version",
]

Text = Union[str, bytes]
UserId = Union[int, str, bytes]


def get_version() -> str:
    """The version prefix, ``"007"``."""
    return "007"


class Service:
    """A service of any type: its number and privilege map. Subclasses add the
    type's fields. Use this class directly only for unregistered types."""

    kServiceType: ClassVar[int] = 0

    def __init__(self, service_type: int) -> None:
        self._type = service_type
        self._privileges: dict[int, int] = {}

    def add_privilege(self, privilege: int, expire: int) -> None:
        """Sets a privilege's lifetime in seconds from the issue time (0: no
        limit of its own). Setting one id again replaces its value."""
        self._privileges[privilege] = expire

    def service_type(self) -> int:
        return self._type

    @property
    def privileges(self) -> dict[int, int]:
        """A copy of the privilege map, in insertion order."""
        return dict(self._privileges)

    def _fields(self) -> dict[str, object]:
        return {}

    def _wire(self) -> tuple[int, list[tuple[int, int]], dict[str, object]]:
        return (self._type, list(self._privileges.items()), self._fields())


class ServiceRtc(Service):
    kServiceType: ClassVar[int] = 1
    kPrivilegeJoinChannel: ClassVar[int] = 1
    kPrivilegePublishAudioStream: ClassVar[int] = 2
    kPrivilegePublishVideoStream: ClassVar[int] = 3
    kPrivilegePublishDataStream: ClassVar[int] = 4

    def __init__(self, channel_name: Text = "", uid: UserId = 0) -> None:
        """``uid``: an int (0 = any user) or a str account used verbatim."""
        super().__init__(self.kServiceType)
        self.channel_name = channel_name
        self.uid = uid

    def _fields(self) -> dict[str, object]:
        return {"channel_name": self.channel_name, "uid": self.uid}


class ServiceRtm(Service):
    kServiceType: ClassVar[int] = 2
    kPrivilegeLogin: ClassVar[int] = 1

    def __init__(self, user_id: Text = "") -> None:
        super().__init__(self.kServiceType)
        self.user_id = user_id

    def _fields(self) -> dict[str, object]:
        return {"user_id": self.user_id}


class ServiceStreaming(Service):
    kServiceType: ClassVar[int] = 3
    kPrivilegePublishMixStream: ClassVar[int] = 1
    kPrivilegePublishRawStream: ClassVar[int] = 2

    def __init__(self, channel_name: Text = "", uid: UserId = 0) -> None:
        """``uid`` is written as the service's account (0 becomes "")."""
        super().__init__(self.kServiceType)
        self.channel_name = channel_name
        self.uid = uid

    def _fields(self) -> dict[str, object]:
        return {"channel_name": self.channel_name, "account": self.uid}


class ServiceFpa(Service):
    kServiceType: ClassVar[int] = 4
    kPrivilegeLogin: ClassVar[int] = 1

    def __init__(self) -> None:
        super().__init__(self.kServiceType)


class ServiceChat(Service):
    kServiceType: ClassVar[int] = 5
    kPrivilegeUser: ClassVar[int] = 1
    kPrivilegeApp: ClassVar[int] = 2

    def __init__(self, user_id: Text = "") -> None:
        super().__init__(self.kServiceType)
        self.user_id = user_id

    def _fields(self) -> dict[str, object]:
        return {"user_id": self.user_id}


class ServiceFcdn(Service):
    kServiceType: ClassVar[int] = 6
    kPrivilegePublish: ClassVar[int] = 1
    kPrivilegePlay: ClassVar[int] = 2

    def __init__(self, channel_name: Text = "", uid: UserId = 0) -> None:
        super().__init__(self.kServiceType)
        self.channel_name = channel_name
        self.uid = uid

    def _fields(self) -> dict[str, object]:
        return {"channel_name": self.channel_name, "account": self.uid}


class ServiceApaas(Service):
    kServiceType: ClassVar[int] = 7
    kPrivilegeRoomUser: ClassVar[int] = 1
    kPrivilegeUser: ClassVar[int] = 2
    kPrivilegeApp: ClassVar[int] = 3

    def __init__(self, room_uuid: Text = "", user_uuid: Text = "", role: int = -1) -> None:
        super().__init__(self.kServiceType)
        self.room_uuid = room_uuid
        self.user_uuid = user_uuid
        self.role = role

    def _fields(self) -> dict[str, object]:
        return {"room_uuid": self.room_uuid, "user_uuid": self.user_uuid, "role": self.role}


# The older python3 name of the same service.
ServiceEducation = ServiceApaas


class ServiceRtm2(Service):
    kServiceType: ClassVar[int] = 8
    kPrivilegeLogin: ClassVar[int] = 1

    class Permissions:
        """RTM2 resource permissions (``ServiceRtm2.Permissions``): adding a
        (resource type, permission type) pair again replaces its resources."""

        kMessageChannels: ClassVar[int] = 0
        kStreamChannels: ClassVar[int] = 1
        kGroupChannels: ClassVar[int] = 2
        kServerGroups: ClassVar[int] = 3
        kUsers: ClassVar[int] = 4

        kRead: ClassVar[int] = 0
        kWrite: ClassVar[int] = 1

        def __init__(self) -> None:
            self.details: dict[int, dict[int, list[Text]]] = {}

        def add(self, resource_type: int, permission_type: int, resources: Iterable[Text]) -> None:
            self.details.setdefault(resource_type, {})[permission_type] = list(resources)

        def __repr__(self) -> str:
            return f"Permissions({self.details!r})"

    def __init__(
        self, user_id: Text = "", permissions: ServiceRtm2.Permissions | None = None
    ) -> None:
        super().__init__(self.kServiceType)
        self.user_id = user_id
        self.permissions = permissions if permissions is not None else ServiceRtm2.Permissions()

    def _fields(self) -> dict[str, object]:
        return {"user_id": self.user_id, "permissions": self.permissions}


class ServiceConvoAI(Service):
    """Conversational AI (type 9; npm agora-token 2.0.6 and later python3)."""

    kServiceType: ClassVar[int] = 9

    def __init__(self) -> None:
        super().__init__(self.kServiceType)


class ServiceStt(Service):
    """Speech to text (type 10)."""

    kServiceType: ClassVar[int] = 10

    def __init__(self) -> None:
        super().__init__(self.kServiceType)


class AccessToken:
    """A 007 token to be signed.

    ``issue_ts`` 0 means "now" (read at ``build()``); ``expire`` is the token
    lifetime in seconds from the issue time; ``salt`` None draws a fresh one
    per build.
    """

    def __init__(
        self,
        app_id: Text = "",
        app_certificate: Text = "",
        issue_ts: int = 0,
        expire: int = 900,
        *,
        salt: int | None = None,
    ) -> None:
        self._app_id = app_id
        self._app_certificate = app_certificate
        self.issue_ts = issue_ts
        self.expire = expire
        self.salt = salt
        self._services: list[Service] = []

    def __repr__(self) -> str:
        # The certificate is never shown.
        return (
            f"AccessToken(app_id={self._app_id!r}, issue_ts={self.issue_ts}, "
            f"expire={self.expire}, services={[s.service_type() for s in self._services]})"
        )

    def add_service(self, service: Service) -> None:
        self._services.append(service)

    def build(self) -> str:
        """Signs, compresses and encodes; raises ``TokenError`` on bad input."""
        import secrets
        import time

        issue_ts = self.issue_ts if self.issue_ts != 0 else int(time.time())
        salt = self.salt if self.salt is not None else secrets.randbelow(99_999_999) + 1
        return _n.build_access_token2(
            self._app_id,
            self._app_certificate,
            issue_ts,
            self.expire,
            salt,
            [s._wire() for s in self._services],
        )
