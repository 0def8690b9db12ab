"""007 APaaS builders under the official python3 name (``src.apaas_token_builder``)."""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["ApaasTokenBuilder", "build_room_user_token", "build_user_token", "build_app_token"]

build_room_user_token = _n.apaas_build_room_user_token
build_user_token = _n.apaas_build_user_token
build_app_token = _n.apaas_build_app_token


class ApaasTokenBuilder:
    build_room_user_token = _n.apaas_build_room_user_token
    build_user_token = _n.apaas_build_user_token
    build_app_token = _n.apaas_build_app_token
