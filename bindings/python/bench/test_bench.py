"""pytest-benchmark form of bench.py (same cases, grouped so the table shows
ours against agora-token-builder side by side):

    pytest bench/test_bench.py --benchmark-only --benchmark-columns=median,ops

CI runs it with --benchmark-disable (each case once, as a plain check).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import agora_token_builder
import agora_token_builder.AccessToken as peer_access_token
import pytest

import agora_token
from agora_token import RtmTokenBuilder2, parse, verify

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
USER = "test_user_id"
NOW = 1_700_000_000
SALT = 12_345_678
EXPIRE_TS = NOW + 3600


@pytest.fixture
def fixed_peer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(
        peer_access_token,
        "secrets",
        types.SimpleNamespace(
            SystemRandom=lambda: types.SimpleNamespace(randint=lambda a, b: SALT)
        ),
    )
    monkeypatch.setattr(peer_access_token, "time", types.SimpleNamespace(time=lambda: NOW))
    yield


@pytest.mark.benchmark(group="006 RTM build")
def test_006_rtm_agora_token_builder(benchmark: Any, fixed_peer: None) -> None:
    tok = benchmark(
        agora_token_builder.RtmTokenBuilder.buildToken, APP_ID, CERT, USER, 1, EXPIRE_TS
    )
    assert tok == agora_token.RtmTokenBuilder.buildToken(
        APP_ID, CERT, USER, 1, EXPIRE_TS, salt=SALT, now=NOW
    )


@pytest.mark.benchmark(group="006 RTM build")
def test_006_rtm_agora_token(benchmark: Any) -> None:
    tok = benchmark(agora_token.RtmTokenBuilder.buildToken, APP_ID, CERT, USER, 1, EXPIRE_TS)
    assert parse(tok).version == "006"


@pytest.mark.benchmark(group="007 RTM build")
def test_007_rtm_build(benchmark: Any) -> None:
    tok = benchmark(RtmTokenBuilder2.build_token, APP_ID, CERT, USER, 3600)
    verify(tok, CERT, user=USER)


@pytest.mark.benchmark(group="007 parse + verify")
def test_007_parse_verify(benchmark: Any) -> None:
    tok = RtmTokenBuilder2.build_token(APP_ID, CERT, USER, 3600)
    t = benchmark(verify, tok, CERT, user=USER)
    assert isinstance(t, agora_token.Token007)
