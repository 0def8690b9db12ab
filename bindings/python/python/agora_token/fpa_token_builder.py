"""007 FPA builder under the official python3 name (``src.fpa_token_builder``).
The token lives 24 h; its login privilege has no limit of its own."""

from __future__ import annotations

from . import _agora_token as _n

__all__ = ["FpaTokenBuilder", "build_token"]

build_token = _n.fpa_build_token


class FpaTokenBuilder:
    build_token = _n.fpa_build_token
