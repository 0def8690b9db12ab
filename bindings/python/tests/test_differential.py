"""Differential test against PyPI agora-token-builder 1.0.0 (006 builders):
identical token strings on random inputs at a fixed salt and time.

The peer reads its salt from ``secrets.SystemRandom().randint`` and its time
from ``time.time()`` inside ``agora_token_builder.AccessToken``; both names
are replaced in that module only, per case.
"""

from __future__ import annotations

import random
import types
from typing import Any

import agora_token_builder
import agora_token_builder.AccessToken as peer_access_token
import pytest

import agora_token
from agora_token import RtcTokenBuilder, RtmTokenBuilder, parse

CASES = 300
SEED = 20261204


def fixed_peer(monkeypatch: pytest.MonkeyPatch, salt: int, now: int) -> None:
    monkeypatch.setattr(
        peer_access_token,
        "secrets",
        types.SimpleNamespace(
            SystemRandom=lambda: types.SimpleNamespace(randint=lambda lo, hi: salt)
        ),
    )
    monkeypatch.setattr(peer_access_token, "time", types.SimpleNamespace(time=lambda: now + 0.25))


def hex32(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(32))


def text(rng: random.Random) -> str:
    alphabet = "abcXYZ019_-:.@ é名😀"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def case(rng: random.Random) -> dict[str, Any]:
    return {
        "app_id": hex32(rng),
        "cert": hex32(rng),
        "channel": text(rng),
        "uid": rng.choice([0, 1, rng.randint(0, 2**32 - 1)]),
        "account": text(rng),
        "role": rng.choice([0, 1, 2, 101, rng.randint(-5, 300)]),
        "expire_ts": rng.choice([0, rng.randint(0, 2**32 - 1)]),
        "salt": rng.randint(1, 99_999_999),
        "now": rng.randint(0, 2**32 - 1 - 86_400),
    }


CASE_LIST = [case(random.Random(SEED + i)) for i in range(CASES)]


@pytest.mark.parametrize("c", CASE_LIST)
def test_same_tokens_as_agora_token_builder(
    monkeypatch: pytest.MonkeyPatch, c: dict[str, Any]
) -> None:
    fixed_peer(monkeypatch, c["salt"], c["now"])
    peer_rtc = agora_token_builder.RtcTokenBuilder
    peer_rtm = agora_token_builder.RtmTokenBuilder
    fx = {"salt": c["salt"], "now": c["now"]}
    args_uid = (c["app_id"], c["cert"], c["channel"], c["uid"], c["role"], c["expire_ts"])
    args_acct = (c["app_id"], c["cert"], c["channel"], c["account"], c["role"], c["expire_ts"])
    args_rtm = (c["app_id"], c["cert"], c["account"], agora_token.Role_Rtm_User, c["expire_ts"])

    ours = RtcTokenBuilder.buildTokenWithUid(*args_uid, **fx)
    assert ours == peer_rtc.buildTokenWithUid(*args_uid)
    assert RtcTokenBuilder.build_token_with_uid(*args_uid, **fx) == ours

    ours = RtcTokenBuilder.buildTokenWithAccount(*args_acct, **fx)
    assert ours == peer_rtc.buildTokenWithAccount(*args_acct)
    assert RtcTokenBuilder.build_token_with_account(*args_acct, **fx) == ours

    ours = RtmTokenBuilder.buildToken(*args_rtm, **fx)
    assert ours == peer_rtm.buildToken(*args_rtm)
    assert RtmTokenBuilder.build_token(*args_rtm, **fx) == ours

    # And our parser reads back what the peer wrote.
    t = parse(ours)
    assert isinstance(t, agora_token.Token006)
    assert (t.salt, t.ts) == (c["salt"], c["now"] + 86_400)
    assert t.verify_signature(c["cert"], c["account"], "")


def test_peer_low_level_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The low-level 006 AccessToken of both packages, same privileges."""
    fixed_peer(monkeypatch, 7, 1_700_000_000)
    rng = random.Random(SEED)
    for _ in range(50):
        app_id, cert, ch = hex32(rng), hex32(rng), text(rng)
        uid = rng.randint(0, 2**32 - 1)
        privs = [
            (rng.choice([1, 2, 3, 4, 1000, rng.randint(0, 65535)]), rng.randint(0, 2**32 - 1))
            for _ in range(rng.randint(0, 5))
        ]
        peer = peer_access_token.AccessToken(app_id, cert, ch, uid)
        ours = agora_token.AccessToken.AccessToken(
            app_id, cert, ch, uid, salt=peer.salt, ts=peer.ts
        )
        for k, v in privs:
            peer.addPrivilege(k, v)
            ours.addPrivilege(k, v)
        assert ours.build() == peer.build()
