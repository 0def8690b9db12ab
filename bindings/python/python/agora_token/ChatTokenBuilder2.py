"""007 Chat builders under the official python3 names::

from src.ChatTokenBuilder2 import ChatTokenBuilder          # before
from agora_token.ChatTokenBuilder2 import ChatTokenBuilder  # after
"""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["ChatTokenBuilder", "build_user_token", "build_app_token"]

build_user_token = _n.chat_build_user_token
build_app_token = _n.chat_build_app_token


class ChatTokenBuilder:
    """The official ``ChatTokenBuilder`` (007): static methods only."""

    build_user_token = _n.chat_build_user_token
    build_app_token = _n.chat_build_app_token
