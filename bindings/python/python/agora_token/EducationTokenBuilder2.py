"""007 education builders under the official python3 name (``src.EducationTokenBuilder2``):
the APaaS builders under another name."""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["EducationTokenBuilder", "build_room_user_token", "build_user_token", "build_app_token"]

build_room_user_token = _n.apaas_build_room_user_token
build_user_token = _n.apaas_build_user_token
build_app_token = _n.apaas_build_app_token


class EducationTokenBuilder:
    build_room_user_token = _n.apaas_build_room_user_token
    build_user_token = _n.apaas_build_user_token
    build_app_token = _n.apaas_build_app_token
