"""The Python surface: drop-in names, errors, keyword options, parsed
objects, verify(), threads. Expected tokens come from the vectors or from
our own parser, never from literals."""

from __future__ import annotations

import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from conftest import by_kind

import agora_token
from agora_token import (
    ClaimMismatchError,
    InvalidArgumentError,
    InvalidCredentialsError,
    MalformedTokenError,
    SignatureMismatchError,
    TokenError,
    TokenExpiredError,
    ValueOutOfRangeError,
    parse,
    verify,
)
from agora_token import _agora_token as native

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
OTHER_CERT = "5cfd2fd1755d40ecb72977518be15d3c"
R2 = agora_token.RtcTokenBuilder2.RtcTokenBuilder
# Untyped handles for the calls that pass wrong types on purpose.
R2_: Any = R2
AT: Any = agora_token


# ---- drop-in imports -----------------------------------------------------


def test_official_python3_import_lines() -> None:
    from agora_token.ChatTokenBuilder2 import ChatTokenBuilder
    from agora_token.RtcTokenBuilder import Role_Admin, Role_Attendee
    from agora_token.RtcTokenBuilder import RtcTokenBuilder as Rtc006
    from agora_token.RtcTokenBuilder2 import Role_Publisher, Role_Subscriber, RtcTokenBuilder
    from agora_token.RtmTokenBuilder import Role_Rtm_User
    from agora_token.RtmTokenBuilder2 import RtmTokenBuilder

    assert (Role_Publisher, Role_Subscriber, Role_Attendee, Role_Admin, Role_Rtm_User) == (
        1,
        2,
        0,
        101,
        1,
    )
    assert callable(RtcTokenBuilder.build_token_with_uid)
    assert callable(RtmTokenBuilder.build_token_with_permissions)
    assert callable(ChatTokenBuilder.build_app_token)
    assert Rtc006 is agora_token.RtcTokenBuilder


def test_low_level_names_importable_from_builder_modules() -> None:
    # The official builder modules star-import AccessToken2.
    from agora_token.RtcTokenBuilder2 import ServiceRtc
    from agora_token.RtmTokenBuilder2 import ServiceRtm2

    assert ServiceRtm2 is agora_token.AccessToken2.ServiceRtm2
    assert ServiceRtc is agora_token.AccessToken2.ServiceRtc


def test_pypi_agora_token_builder_import_line() -> None:
    # `from agora_token_builder import RtcTokenBuilder, RtmTokenBuilder`
    from agora_token import RtcTokenBuilder, RtmTokenBuilder

    assert callable(RtcTokenBuilder.buildTokenWithUid)
    assert callable(RtcTokenBuilder.buildTokenWithAccount)
    assert callable(RtmTokenBuilder.buildToken)
    assert RtcTokenBuilder.Role_Publisher == 1 and RtmTokenBuilder.Role_Rtm_User == 1


def test_module_level_functions_are_the_class_methods() -> None:
    m = agora_token.RtcTokenBuilder2
    assert m.build_token_with_uid is m.RtcTokenBuilder.build_token_with_uid
    assert (
        agora_token.RtmTokenBuilder2.build_token
        is agora_token.RtmTokenBuilder2.RtmTokenBuilder.build_token
    )
    assert (
        agora_token.EducationTokenBuilder.build_user_token
        is agora_token.ApaasTokenBuilder.build_user_token
    )


def test_all_exports_exist() -> None:
    for name in agora_token.__all__:
        assert hasattr(agora_token, name), name


# ---- errors --------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, 1.5, 1.0, True, [1], object()])
def test_uid_wrong_type_is_type_error_naming_uid(bad: Any) -> None:
    with pytest.raises(TypeError) as ei:
        R2_.build_token_with_uid(APP_ID, CERT, "ch", bad, 1, 600)
    e = ei.value
    assert isinstance(e, InvalidArgumentError) and isinstance(e, TokenError)
    assert isinstance(e, ValueError)
    assert e.code == "invalid_argument"
    assert "uid" in str(e)
    assert "None" not in str(e) or bad is None


@pytest.mark.parametrize("bad", [-1, 2**32, 2**64, -(2**70)])
def test_uid_out_of_range_names_uid(bad: int) -> None:
    with pytest.raises(ValueOutOfRangeError) as ei:
        R2.build_token_with_uid(APP_ID, CERT, "ch", bad, 1, 600)
    assert ei.value.code == "value_out_of_range"
    assert "uid" in str(ei.value) and str(bad) in str(ei.value)
    with pytest.raises(ValueOutOfRangeError):
        agora_token.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, "ch", bad, 1, 0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: R2_.build_token_with_uid(APP_ID, CERT, 123, 1, 1, 600),
        lambda: R2_.build_token_with_uid(APP_ID, CERT, "ch", 1, 1, "600"),
        lambda: R2_.build_token_with_uid(APP_ID, CERT, "ch", 1, None, 600),
        lambda: AT.RtmTokenBuilder2.build_token(APP_ID, CERT, None, 600),
        lambda: AT.RtmTokenBuilder2.build_token(APP_ID, None, "u", 600),
        lambda: AT.RtmTokenBuilder.buildToken(APP_ID, CERT, "u", 1, 1.5),
        lambda: AT.RtmTokenBuilder2.build_token(APP_ID, CERT, "u", 600, salt=1.0),
    ],
)
def test_wrong_types_raise_invalid_argument(call: Any) -> None:
    with pytest.raises(InvalidArgumentError) as ei:
        call()
    assert ei.value.code == "invalid_argument"


def test_reference_parameter_names_in_messages() -> None:
    with pytest.raises(InvalidArgumentError, match="privilegeExpiredTs"):
        AT.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, "c", 1, 1, None)
    with pytest.raises(InvalidArgumentError, match="privilege_expired_ts"):
        AT.RtcTokenBuilder.build_token_with_uid(APP_ID, CERT, "c", 1, 1, None)


def test_bad_credentials_raise_never_empty_string() -> None:
    with pytest.raises(InvalidCredentialsError) as ei:
        agora_token.RtmTokenBuilder2.build_token("abc", CERT, "u", 600)
    assert ei.value.code == "invalid_app_id"
    with pytest.raises(InvalidCredentialsError) as ei:
        agora_token.RtmTokenBuilder2.build_token(APP_ID, "not-a-certificate-xyz", "u", 600)
    assert ei.value.code == "invalid_app_certificate"
    assert "not-a-certificate-xyz" not in str(ei.value)
    # 006 too (the reference signs with any certificate).
    with pytest.raises(InvalidCredentialsError):
        agora_token.RtcTokenBuilder.buildTokenWithUid(APP_ID, "", "c", 1, 1, 0)


def test_every_core_code_has_a_class() -> None:
    for code in native.error_codes():
        name = native.error_class_name(code)
        assert name is not None
        cls = getattr(agora_token, name)
        assert issubclass(cls, TokenError) and issubclass(cls, ValueError)
    assert issubclass(InvalidArgumentError, TypeError)
    assert native.error_class_name("bad_base64") == "MalformedTokenError"
    assert native.error_class_name("expired") == "TokenExpiredError"


def test_errors_pickle() -> None:
    try:
        parse("007")
    except MalformedTokenError as e:
        e2 = pickle.loads(pickle.dumps(e))
        assert type(e2) is MalformedTokenError and e2.code == e.code == "bad_payload"
        assert str(e2) == str(e)
    else:
        raise AssertionError("parse('007') must fail")


# ---- options -------------------------------------------------------------


def test_salt_and_issue_ts_reproduce_and_default_to_random_and_clock() -> None:
    a = R2.build_token_with_uid(APP_ID, CERT, "ch", 42, 1, 600, salt=5, issue_ts=1_700_000_000)
    b = R2.build_token_with_uid(APP_ID, CERT, "ch", 42, 1, 600, 0, salt=5, issue_ts=1_700_000_000)
    assert a == b
    t = parse(a)
    assert isinstance(t, agora_token.Token007)
    assert (t.salt, t.issue_ts) == (5, 1_700_000_000)
    before = int(time.time())
    salts = set()
    for _ in range(20):
        d = parse(R2.build_token_with_uid(APP_ID, CERT, "ch", 42, 1, 600))
        assert isinstance(d, agora_token.Token007)
        assert before <= d.issue_ts <= int(time.time()) + 1
        assert 1 <= d.salt <= 99_999_999
        salts.add(d.salt)
    assert len(salts) > 1


def test_006_now_option() -> None:
    tok = agora_token.RtmTokenBuilder.buildToken(APP_ID, CERT, "bob", 1, 0, salt=3, now=1000)
    t = parse(tok)
    assert isinstance(t, agora_token.Token006)
    assert (t.salt, t.ts) == (3, 1000 + 86400)
    assert t.named_privileges == {"rtm_login": 0}
    assert t.privilege("rtm_login") == 0 and t.privilege(1000) == 0 and t.privilege(1) is None


def test_keyword_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        AT.RtmTokenBuilder2.build_token(APP_ID, CERT, "u", 600, 5)


def test_index_objects_and_bytes_accepted() -> None:
    class Idx:
        def __init__(self, v: int) -> None:
            self.v = v

        def __index__(self) -> int:
            return self.v

    a = R2.build_token_with_uid(APP_ID, CERT, "ch", 42, 1, 600, salt=1, issue_ts=10)
    b = R2.build_token_with_uid(
        APP_ID.encode(), CERT.encode(), b"ch", Idx(42), Idx(1), Idx(600), salt=Idx(1), issue_ts=10
    )
    assert a == b


# ---- RTM2 permissions ----------------------------------------------------


def test_rtm2_permission_forms_agree() -> None:
    vs = [v for v in by_kind("build") if v["call"] == "RtmTokenBuilder2.buildTokenWithPermissions"]
    assert vs
    for v in vs:
        inp, fx = v["inputs"], v["fixed"]
        entries = inp["permissions"]
        as_tuples = [(e["resource_type"], e["permission_type"], e["resources"]) for e in entries]
        details: dict[int, dict[int, list[str]]] = {}
        for rt, pt, res in as_tuples:
            details.setdefault(rt, {})[pt] = res
        for form in (entries, as_tuples, details):
            tok = agora_token.RtmTokenBuilder2.build_token_with_permissions(
                inp["app_id"], inp["app_certificate"], inp["user_id"], form, inp["expire"], **fx
            )
            assert tok == v["expected"]["token"], v["name"]
    P = agora_token.ServiceRtm2.Permissions
    assert P is agora_token.Rtm2Permissions
    assert (P.kMessageChannels, P.kUsers, P.kRead, P.kWrite) == (0, 4, 0, 1)


def test_rtm2_permissions_parsed() -> None:
    p = agora_token.Rtm2Permissions()
    p.add(p.kStreamChannels, p.kWrite, ["a", "b"])
    p.add(p.kMessageChannels, p.kRead, ["*"])
    tok = agora_token.RtmTokenBuilder2.build_token_with_permissions(APP_ID, CERT, "u", p, 60)
    t = verify(tok, CERT, user="u")
    assert isinstance(t, agora_token.Token007)
    s = t.service("rtm2")
    assert s is not None and s.permissions is not None
    got = [(x.resource_type, x.permission_type, x.resources) for x in s.permissions]
    assert got == [(0, 0, ("*",)), (1, 1, ("a", "b"))]


# ---- parse / verify --------------------------------------------------------


def test_parsed_objects_are_frozen_and_named() -> None:
    tok = R2.build_token_with_rtm(APP_ID, CERT, "room", "alice", 1, 600, 300)
    t = parse(tok)
    assert isinstance(t, agora_token.Token) and isinstance(t, agora_token.Token007)
    assert [s.name for s in t.services] == ["rtc", "rtm"]
    rtc = t.service("rtc")
    assert rtc is not None and t.service(1) == rtc and t.service("stt") is None
    assert (rtc.channel_name, rtc.uid, rtc.user_id) == ("room", "alice", None)
    assert rtc.named_privileges == {
        "join_channel": 300,
        "publish_audio_stream": 300,
        "publish_video_stream": 300,
        "publish_data_stream": 300,
    }
    assert rtc.privilege("publish_video_stream") == 300 and rtc.privilege(9) is None
    with pytest.raises(AttributeError):
        t.salt = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rtc.uid = "x"  # type: ignore[misc]
    assert t == parse(tok) and t != parse(R2.build_token_with_uid(APP_ID, CERT, "r", 1, 1, 1))
    assert hash(t) == hash(parse(tok)) and len({t, parse(tok), rtc, t.service("rtc")}) == 2
    assert t.expires_at == t.issue_ts + 600
    assert "Token007" in repr(t) and CERT not in repr(t)


def test_verify_claims_and_expiry() -> None:
    tok = R2.build_token_with_uid(APP_ID, CERT, "room", 42, 1, 600, salt=9, issue_ts=1_000_000)
    ok = verify(tok, CERT, channel="room", uid=42, now=1_000_100)
    assert isinstance(ok, agora_token.Token007)
    verify(tok, CERT, channel="room", uid="42", now=1_000_100)
    with pytest.raises(SignatureMismatchError):
        verify(tok, OTHER_CERT, now=1_000_100)
    with pytest.raises(ClaimMismatchError) as ei:
        verify(tok, CERT, channel="other", now=1_000_100)
    assert ei.value.code == "identity_mismatch"
    with pytest.raises(TokenExpiredError):
        verify(tok, CERT, channel="room", now=1_000_600)
    # Default now is the clock: issued in 1970 + 600 s, long expired.
    with pytest.raises(TokenExpiredError):
        verify(tok, CERT)
    with pytest.raises(InvalidCredentialsError) as ce:
        verify(tok, "short")
    assert ce.value.code == "certificate_rejected"
    with pytest.raises(MalformedTokenError):
        verify(tok[:-4], CERT)


def test_verify_006_rtm_and_rtc() -> None:
    now = int(time.time())
    rtm = agora_token.RtmTokenBuilder.buildToken(APP_ID, CERT, "bob", 1, now + 600)
    assert isinstance(verify(rtm, CERT, user="bob"), agora_token.Token006)
    with pytest.raises(ClaimMismatchError):
        verify(rtm, CERT, user="eve")
    rtc = agora_token.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, "room", 7, 2, now + 600)
    verify(rtc, CERT, channel="room", uid=7)
    with pytest.raises(ClaimMismatchError):
        verify(rtc, CERT, channel="room", uid=8)
    with pytest.raises(TokenError):
        verify(rtc, CERT)  # a 006 token needs the channel and uid it was signed for


def test_non_utf8_fields_round_trip_with_surrogateescape() -> None:
    raw = b"\xff\xferoom"
    tok = agora_token.RtmTokenBuilder2.build_token(APP_ID, CERT, raw, 60, salt=1, issue_ts=5)
    t = parse(tok)
    assert isinstance(t, agora_token.Token007)
    s = t.service("rtm")
    assert s is not None and isinstance(s.user_id, str)
    assert s.user_id.encode("utf-8", "surrogateescape") == raw
    assert s.to_dict()["user_id_hex"] == raw.hex()


def test_lone_surrogate_text_is_invalid_argument() -> None:
    with pytest.raises(InvalidArgumentError, match="user_id"):
        agora_token.RtmTokenBuilder2.build_token(APP_ID, CERT, "\ud800", 60)


# ---- low-level objects ---------------------------------------------------


def test_access_token2_defaults() -> None:
    AT2 = agora_token.AccessToken2
    t = AT2.AccessToken(APP_ID, CERT, expire=60)
    s = AT2.ServiceRtc("room", 0)
    s.add_privilege(AT2.ServiceRtc.kPrivilegeJoinChannel, 60)
    t.add_service(s)
    p = parse(t.build())
    assert isinstance(p, agora_token.Token007)
    assert p.expire == 60 and abs(p.issue_ts - time.time()) < 5
    with pytest.raises(TokenError) as ei:
        AT2.AccessToken(APP_ID, CERT).build()
    assert ei.value.code == "no_services"
    assert CERT not in repr(t)


# ---- threads -------------------------------------------------------------


def test_many_threads_build_parse_verify() -> None:
    vs = [
        v
        for v in by_kind("build")
        if v["call"].startswith(("RtcTokenBuilder2", "RtmTokenBuilder2"))
    ]
    from conftest import run_call

    def work(i: int) -> bool:
        v = vs[i % len(vs)]
        tok = run_call(v)
        if tok != v["expected"]["token"]:
            return False
        t = parse(tok)
        return bool(t.verify_signature(v["inputs"]["app_certificate"]))

    start = threading.Barrier(8)

    def batch(k: int) -> list[bool]:
        start.wait()
        return [work(k * 1000 + i) for i in range(250)]

    with ThreadPoolExecutor(max_workers=8) as ex:
        results = [r for rs in ex.map(batch, range(8)) for r in rs]
    assert len(results) == 2000 and all(results)


def test_package_docstring_example() -> None:
    import doctest

    result = doctest.testmod(agora_token)
    assert result.attempted > 0 and result.failed == 0
