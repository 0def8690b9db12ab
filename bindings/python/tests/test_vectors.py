"""Every shared vector through the Python API: builds byte for byte (through
the layer-1 builder functions), parsed fields, verification, negative codes."""

from __future__ import annotations

import base64
import zlib
from typing import Any

import pytest
from conftest import VECTORS, by_kind, ids, run_call

import agora_token
from agora_token import (
    ClaimMismatchError,
    InvalidCredentialsError,
    MalformedTokenError,
    SignatureMismatchError,
    TokenError,
    parse,
    verify,
)
from agora_token import _agora_token as native

BUILD = by_kind("build")
PARSE = by_kind("parse")
REJECT = by_kind("reject")
VERIFY_FAIL = by_kind("verify_fail")
BUILD_ERROR = by_kind("build_error")


def test_vector_count() -> None:
    assert len(VECTORS) == 281
    assert len(BUILD) + len(PARSE) + len(REJECT) + len(VERIFY_FAIL) + len(BUILD_ERROR) == 281


def expected_decoded(
    d: dict[str, Any], ours: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The vector's decoded minus what a parser does not report (006 signed
    strings); trailing_payload_bytes compared only where the vector has it."""
    theirs = {k: v for k, v in d.items() if k not in ("signed_channel_name", "signed_uid")}
    ours = dict(ours)
    if "trailing_payload_bytes" not in theirs:
        ours.pop("trailing_payload_bytes", None)
    return ours, theirs


def payload_hex(token: str) -> str:
    if token.startswith("007"):
        return zlib.decompress(base64.b64decode(token[3:])).hex()
    return base64.b64decode(token[35:]).hex()


def check_signature(token: str, cert: str, channel: str | None, uid: str | None) -> None:
    t = parse(token)
    assert t.verify_signature(cert, channel, uid)
    # verify() at now=0 checks signature and claims; a token that expired at 0
    # (ts 0, or issue_ts + expire = 0) is checked by verify_signature only.
    if t.expires_at == 0:
        return
    if t.version == "006":
        verify(token, cert, channel=channel or "", uid=uid or "", now=0)
    else:
        verify(token, cert, now=0)


@pytest.mark.parametrize("v", BUILD, ids=ids(BUILD))
def test_build(v: dict[str, Any]) -> None:
    exp = v["expected"]
    token = run_call(v)
    assert token == exp["token"]
    if v["call"] not in ("AccessToken006", "AccessToken2"):
        # The keyword form (parameter names of the reference) gives the same.
        assert run_call(v, positional=False) == token
    if v["format"] == "007":
        assert payload_hex(token) == exp["uncompressed_hex"]
    else:
        assert payload_hex(token) == exp["content_hex"]
    t = parse(token)
    assert t.signature_hex == exp["signature_hex"]
    ours, theirs = expected_decoded(v["decoded"], t.to_dict())
    assert ours == theirs
    d = v["decoded"]
    check_signature(
        token, v["inputs"]["app_certificate"], d.get("signed_channel_name"), d.get("signed_uid")
    )
    for lang, tok in (v.get("variant_tokens") or {}).items():
        p = parse(tok)
        if v["cross_implementation"].get(lang) == "same_payload_different_deflate":
            o, th = expected_decoded(v["decoded"], p.to_dict())
            assert o == th, lang
        if v["format"] == "007":
            assert p.verify_signature(v["inputs"]["app_certificate"]), lang


@pytest.mark.parametrize("v", PARSE, ids=ids(PARSE))
def test_parse(v: dict[str, Any]) -> None:
    t = parse(v["token"])
    ours, theirs = expected_decoded(v["decoded"], t.to_dict())
    assert ours == theirs
    if "uncompressed_hex" in v:
        assert payload_hex(v["token"]) == v["uncompressed_hex"]
        assert isinstance(t, agora_token.Token007)
        assert t.payload.hex() == v["uncompressed_hex"]
    for e in v["verify"]:
        want = e["signature_valid"] and e.get("crc_match", True)
        assert t.verify_signature(e["certificate"], e.get("channel_name"), e.get("uid")) == want
    # Attribute access agrees with to_dict().
    d = t.to_dict()
    assert t.version == d["version"] and t.salt == d["salt"]
    if isinstance(t, agora_token.Token007):
        assert t.issue_ts == d["issue_ts"] and t.expire == d["expire"]
        assert t.service_count == d["service_count"]
        assert [s.to_dict() for s in t.services] == d["services"]
        for s, sd in zip(t.services, d["services"]):
            assert s.type == sd["type"] and s.name == sd.get("name")
            assert [list(p) for p in s.privileges] == sd["privileges"]
            for key in ("channel_name", "uid", "user_id", "account", "room_uuid", "user_uuid"):
                if key in sd:
                    assert getattr(s, key) == sd[key], key
            if "role" in sd:
                assert s.role == sd["role"]
    else:
        assert isinstance(t, agora_token.Token006)
        assert t.ts == d["ts"] and t.crc_uid == d["crc_uid"]
        assert [list(p) for p in t.privileges] == d["privileges"]
        assert t.message.hex() == d["message_hex"]


@pytest.mark.parametrize("v", REJECT, ids=ids(REJECT))
def test_reject(v: dict[str, Any]) -> None:
    with pytest.raises(MalformedTokenError) as ei:
        parse(v["token"])
    assert ei.value.code == v["expected"]["error"]
    # verify() reports the same malformation before anything else.
    with pytest.raises(MalformedTokenError) as ei2:
        verify(v["token"], "5CFd2fd1755d40ecb72977518be15d3b")
    assert ei2.value.code == v["expected"]["error"]


@pytest.mark.parametrize("v", VERIFY_FAIL, ids=ids(VERIFY_FAIL))
def test_verify_fail(v: dict[str, Any]) -> None:
    exp = v["expected"]
    t = parse(v["token"])
    cert, channel, uid = v["certificate"], v.get("channel_name"), v.get("uid")
    if exp.get("certificate_rejected"):
        with pytest.raises(InvalidCredentialsError) as ei:
            t.verify_signature(cert, channel, uid)
        assert ei.value.code == "certificate_rejected"
    else:
        assert t.verify_signature(cert, channel, uid) is False
    kw: dict[str, Any] = {"now": 0}
    if v["format"] == "006":
        kw.update(channel=channel, uid=uid)
    with pytest.raises(TokenError) as ve:
        verify(v["token"], cert, **kw)
    crc_ok = exp.get("crc_channel_matches", True) and exp.get("crc_uid_matches", True)
    if exp.get("certificate_rejected"):
        assert type(ve.value) is InvalidCredentialsError
    elif not crc_ok:
        assert type(ve.value) is ClaimMismatchError and ve.value.code == "crc_mismatch"
    else:
        assert type(ve.value) is SignatureMismatchError
        assert ve.value.code == "signature_mismatch"


@pytest.mark.parametrize("v", BUILD_ERROR, ids=ids(BUILD_ERROR))
def test_build_error(v: dict[str, Any]) -> None:
    code = v["expected"]["error"]
    with pytest.raises(TokenError) as ei:
        run_call(v)
    e = ei.value
    assert e.code == code
    assert type(e).__name__ == native.error_class_name(code)
    cert = v["inputs"]["app_certificate"]
    if len(cert) > 4:
        assert cert not in e.message
