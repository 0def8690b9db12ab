"""RTC + RTM + STT (type 10) builder (``src.stt_token_builder``; npm
agora-token 2.0.6 ``SttTokenBuilder``). Same twelve arguments as
``RtcTokenBuilder2.build_token_with_rtm2``."""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["SttTokenBuilder", "build_token"]

build_token = _n.stt_build_token


class SttTokenBuilder:
    build_token = _n.stt_build_token
