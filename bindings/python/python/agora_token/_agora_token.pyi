# Stubs for the native module (src/lib.rs). CI checks them against the
# compiled module with mypy.stubtest.

from typing import Any, SupportsIndex, final

from typing_extensions import TypeAlias, disjoint_base

_Text: TypeAlias = str | bytes
_User: TypeAlias = int | str | bytes | SupportsIndex
_Int: TypeAlias = SupportsIndex
_Perms: TypeAlias = Any  # ServiceRtm2.Permissions, dict of dicts, or list of entries

__all__ = [
    "__version__",
    "MAX_TOKEN_LEN",
    "Token",
    "Token007",
    "Token006",
    "Service",
    "Rtm2Permission",
    "parse",
    "verify",
    "error_class_name",
    "error_codes",
    "rtc_build_token_with_uid",
    "rtc_build_token_with_user_account",
    "rtc_build_token_with_uid_and_privilege",
    "rtc_build_token_with_user_account_and_privilege",
    "rtc_build_token_with_rtm",
    "rtc_build_token_with_rtm2",
    "convoai_build_token",
    "stt_build_token",
    "rtm_build_token",
    "rtm_build_token_with_permissions",
    "chat_build_user_token",
    "chat_build_app_token",
    "fpa_build_token",
    "apaas_build_room_user_token",
    "apaas_build_user_token",
    "apaas_build_app_token",
    "rtc006_camel_build_token_with_uid",
    "rtc006_camel_build_token_with_account",
    "rtc006_build_token_with_uid",
    "rtc006_build_token_with_account",
    "rtm006_camel_build_token",
    "rtm006_build_token",
    "build_access_token2",
    "build_access_token006",
]

__version__: str
MAX_TOKEN_LEN: int

@disjoint_base
class Token:
    @property
    def version(self) -> str: ...
    @property
    def app_id(self) -> str: ...
    @property
    def signature(self) -> bytes: ...
    @property
    def signature_hex(self) -> str: ...
    @property
    def salt(self) -> int: ...
    @property
    def expires_at(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...
    def verify_signature(
        self,
        app_certificate: _Text,
        channel: _Text | None = None,
        uid: _User | None = None,
    ) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Token007(Token):
    @property
    def issue_ts(self) -> int: ...
    @property
    def expire(self) -> int: ...
    @property
    def service_count(self) -> int: ...
    @property
    def services(self) -> tuple[Service, ...]: ...
    @property
    def stopped_at_unknown_service_type(self) -> int | None: ...
    @property
    def trailing_payload_bytes(self) -> int | None: ...
    @property
    def payload(self) -> bytes: ...
    def service(self, kind: int | str) -> Service | None: ...

@final
class Token006(Token):
    @property
    def crc_channel_name(self) -> int: ...
    @property
    def crc_uid(self) -> int: ...
    @property
    def ts(self) -> int: ...
    @property
    def privileges(self) -> tuple[tuple[int, int], ...]: ...
    @property
    def named_privileges(self) -> dict[str | int, int]: ...
    @property
    def message(self) -> bytes: ...
    def privilege(self, key: int | str) -> int | None: ...

@final
class Service:
    @property
    def type(self) -> int: ...
    @property
    def name(self) -> str | None: ...
    @property
    def privileges(self) -> tuple[tuple[int, int], ...]: ...
    @property
    def named_privileges(self) -> dict[str | int, int]: ...
    def privilege(self, key: int | str) -> int | None: ...
    @property
    def channel_name(self) -> str | None: ...
    @property
    def uid(self) -> str | None: ...
    @property
    def account(self) -> str | None: ...
    @property
    def user_id(self) -> str | None: ...
    @property
    def room_uuid(self) -> str | None: ...
    @property
    def user_uuid(self) -> str | None: ...
    @property
    def role(self) -> int | None: ...
    @property
    def permissions(self) -> tuple[Rtm2Permission, ...] | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Rtm2Permission:
    @property
    def resource_type(self) -> int: ...
    @property
    def permission_type(self) -> int: ...
    @property
    def resources(self) -> tuple[str, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def parse(token: _Text) -> Token: ...
def verify(
    token: _Text,
    app_certificate: _Text,
    *,
    user: _Text | None = None,
    channel: _Text | None = None,
    uid: _User | None = None,
    now: _Int | None = None,
) -> Token: ...
def error_class_name(code: str) -> str | None: ...
def error_codes() -> list[str]: ...

# 007 builders
def rtc_build_token_with_uid(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    uid: _User,
    role: _Int,
    token_expire: _Int,
    privilege_expire: _Int | None = None,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtc_build_token_with_user_account(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    account: _User,
    role: _Int,
    token_expire: _Int,
    privilege_expire: _Int | None = None,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtc_build_token_with_uid_and_privilege(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    uid: _User,
    token_expire: _Int,
    join_channel_privilege_expire: _Int,
    pub_audio_privilege_expire: _Int,
    pub_video_privilege_expire: _Int,
    pub_data_stream_privilege_expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtc_build_token_with_user_account_and_privilege(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    account: _User,
    token_expire: _Int,
    join_channel_privilege_expire: _Int,
    pub_audio_privilege_expire: _Int,
    pub_video_privilege_expire: _Int,
    pub_data_stream_privilege_expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtc_build_token_with_rtm(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    account: _User,
    role: _Int,
    token_expire: _Int,
    privilege_expire: _Int | None = None,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtc_build_token_with_rtm2(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    rtc_account: _User,
    rtc_role: _Int,
    rtc_token_expire: _Int,
    join_channel_privilege_expire: _Int,
    pub_audio_privilege_expire: _Int,
    pub_video_privilege_expire: _Int,
    pub_data_stream_privilege_expire: _Int,
    rtm_user_id: _Text,
    rtm_token_expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def convoai_build_token(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    rtc_account: _User,
    rtc_role: _Int,
    rtc_token_expire: _Int,
    join_channel_privilege_expire: _Int,
    pub_audio_privilege_expire: _Int,
    pub_video_privilege_expire: _Int,
    pub_data_stream_privilege_expire: _Int,
    rtm_user_id: _Text,
    rtm_token_expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def stt_build_token(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    rtc_account: _User,
    rtc_role: _Int,
    rtc_token_expire: _Int,
    join_channel_privilege_expire: _Int,
    pub_audio_privilege_expire: _Int,
    pub_video_privilege_expire: _Int,
    pub_data_stream_privilege_expire: _Int,
    rtm_user_id: _Text,
    rtm_token_expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtm_build_token(
    app_id: _Text,
    app_certificate: _Text,
    user_id: _Text,
    expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def rtm_build_token_with_permissions(
    app_id: _Text,
    app_certificate: _Text,
    user_id: _Text,
    permissions: _Perms,
    expire: _Int | None = None,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def chat_build_user_token(
    app_id: _Text,
    app_certificate: _Text,
    user_id: _Text,
    expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def chat_build_app_token(
    app_id: _Text,
    app_certificate: _Text,
    expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def fpa_build_token(
    app_id: _Text,
    app_certificate: _Text,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def apaas_build_room_user_token(
    app_id: _Text,
    app_certificate: _Text,
    room_uuid: _Text,
    user_uuid: _Text,
    role: _Int,
    expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def apaas_build_user_token(
    app_id: _Text,
    app_certificate: _Text,
    user_uuid: _Text,
    expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...
def apaas_build_app_token(
    app_id: _Text,
    app_certificate: _Text,
    expire: _Int,
    *,
    salt: _Int | None = None,
    issue_ts: _Int | None = None,
) -> str: ...

# 006 builders (camelCase: the reference's parameter names)
def rtc006_camel_build_token_with_uid(
    appId: _Text,
    appCertificate: _Text,
    channelName: _Text,
    uid: _User,
    role: _Int,
    privilegeExpiredTs: _Int,
    *,
    salt: _Int | None = None,
    now: _Int | None = None,
) -> str: ...
def rtc006_camel_build_token_with_account(
    appId: _Text,
    appCertificate: _Text,
    channelName: _Text,
    account: _User,
    role: _Int,
    privilegeExpiredTs: _Int,
    *,
    salt: _Int | None = None,
    now: _Int | None = None,
) -> str: ...
def rtc006_build_token_with_uid(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    uid: _User,
    role: _Int,
    privilege_expired_ts: _Int,
    *,
    salt: _Int | None = None,
    now: _Int | None = None,
) -> str: ...
def rtc006_build_token_with_account(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    account: _User,
    role: _Int,
    privilege_expired_ts: _Int,
    *,
    salt: _Int | None = None,
    now: _Int | None = None,
) -> str: ...
def rtm006_camel_build_token(
    appId: _Text,
    appCertificate: _Text,
    userAccount: _Text,
    role: _Int,
    privilegeExpiredTs: _Int,
    *,
    salt: _Int | None = None,
    now: _Int | None = None,
) -> str: ...
def rtm006_build_token(
    app_id: _Text,
    app_certificate: _Text,
    user_account: _Text,
    role: _Int,
    privilege_expired_ts: _Int,
    *,
    salt: _Int | None = None,
    now: _Int | None = None,
) -> str: ...

# low level
def build_access_token2(
    app_id: _Text,
    app_certificate: _Text,
    issue_ts: _Int,
    expire: _Int,
    salt: _Int,
    services: Any,
) -> str: ...
def build_access_token006(
    app_id: _Text,
    app_certificate: _Text,
    channel_name: _Text,
    uid: _User,
    salt: _Int,
    ts: _Int,
    privileges: Any,
) -> str: ...
