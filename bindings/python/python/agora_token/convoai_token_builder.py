"""RTC + RTM + ConvoAI (type 9) builder (``src.convoai_token_builder``;
npm agora-token 2.0.6 ``ConvoAITokenBuilder``). Same twelve arguments as
``RtcTokenBuilder2.build_token_with_rtm2``."""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["ConvoAITokenBuilder", "build_token"]

build_token = _n.convoai_build_token


class ConvoAITokenBuilder:
    build_token = _n.convoai_build_token
