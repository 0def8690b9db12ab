"""Shared helpers: where the vectors are, and how a vector's ``call`` maps to
the Python API."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import agora_token
from agora_token import AccessToken, AccessToken2

FILES = [
    "token006_build.json",
    "token007_builders.json",
    "token007_services.json",
    "parse.json",
    "negative.json",
]


def vectors_dir() -> Path:
    env = os.environ.get("AGORA_VECTORS_DIR")
    if env:
        return Path(env)
    # bindings/python/tests -> repository root -> ../shared/vectors
    return Path(__file__).resolve().parents[3].parent / "shared" / "vectors"


def load_vectors() -> list[dict[str, Any]]:
    d = vectors_dir()
    out: list[dict[str, Any]] = []
    for f in FILES:
        with open(d / f, encoding="utf-8") as fh:
            out.extend(json.load(fh)["vectors"])
    return out


VECTORS = load_vectors()


def by_kind(kind: str) -> list[dict[str, Any]]:
    return [v for v in VECTORS if v["kind"] == kind]


def ids(vs: list[dict[str, Any]]) -> list[str]:
    return [v["name"] for v in vs]


# Vector call -> (builder function of layer 1, positional parameter order of
# the reference). 007 builders take salt= / issue_ts=, 006 ones salt= / now=.
R2 = agora_token.RtcTokenBuilder2.RtcTokenBuilder
M2 = agora_token.RtmTokenBuilder2.RtmTokenBuilder
C2 = agora_token.ChatTokenBuilder2.ChatTokenBuilder
ED = agora_token.education_token_builder.EducationTokenBuilder
AP = agora_token.apaas_token_builder.ApaasTokenBuilder

CRED = ["app_id", "app_certificate"]
TWELVE = CRED + [
    "channel_name",
    "rtc_account",
    "rtc_role",
    "rtc_token_expire",
    "join_channel_privilege_expire",
    "pub_audio_privilege_expire",
    "pub_video_privilege_expire",
    "pub_data_stream_privilege_expire",
    "rtm_user_id",
    "rtm_token_expire",
]
FOUR = [
    "join_channel_privilege_expire",
    "pub_audio_privilege_expire",
    "pub_video_privilege_expire",
    "pub_data_stream_privilege_expire",
]

BUILDERS: dict[str, tuple[Any, list[str]]] = {
    "RtcTokenBuilder.buildTokenWithUid": (
        agora_token.RtcTokenBuilder.buildTokenWithUid,
        CRED + ["channel_name", "uid", "role", "privilege_expired_ts"],
    ),
    "RtcTokenBuilder.buildTokenWithUserAccount": (
        agora_token.RtcTokenBuilder.buildTokenWithAccount,
        CRED + ["channel_name", "account", "role", "privilege_expired_ts"],
    ),
    "RtmTokenBuilder.buildToken": (
        agora_token.RtmTokenBuilder.buildToken,
        CRED + ["user_account", "role", "privilege_expired_ts"],
    ),
    "RtcTokenBuilder2.buildTokenWithUid": (
        R2.build_token_with_uid,
        CRED + ["channel_name", "uid", "role", "token_expire", "privilege_expire"],
    ),
    "RtcTokenBuilder2.buildTokenWithUserAccount": (
        R2.build_token_with_user_account,
        CRED + ["channel_name", "account", "role", "token_expire", "privilege_expire"],
    ),
    "RtcTokenBuilder2.buildTokenWithUidAndPrivilege": (
        R2.build_token_with_uid_and_privilege,
        CRED + ["channel_name", "uid", "token_expire"] + FOUR,
    ),
    "RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege": (
        R2.build_token_with_user_account_and_privilege,
        CRED + ["channel_name", "account", "token_expire"] + FOUR,
    ),
    "RtcTokenBuilder2.buildTokenWithRtm": (
        R2.build_token_with_rtm,
        CRED + ["channel_name", "account", "role", "token_expire", "privilege_expire"],
    ),
    "RtcTokenBuilder2.buildTokenWithRtm2": (R2.build_token_with_rtm2, TWELVE),
    "ConvoAITokenBuilder.buildToken": (agora_token.ConvoAITokenBuilder.build_token, TWELVE),
    "SttTokenBuilder.buildToken": (agora_token.SttTokenBuilder.build_token, TWELVE),
    "RtmTokenBuilder2.buildToken": (M2.build_token, CRED + ["user_id", "expire"]),
    "RtmTokenBuilder2.buildTokenWithPermissions": (
        M2.build_token_with_permissions,
        CRED + ["user_id", "permissions", "expire"],
    ),
    "ChatTokenBuilder2.buildUserToken": (C2.build_user_token, CRED + ["user_id", "expire"]),
    "ChatTokenBuilder2.buildAppToken": (C2.build_app_token, CRED + ["expire"]),
    "FpaTokenBuilder.buildToken": (agora_token.FpaTokenBuilder.build_token, CRED),
    "EducationTokenBuilder2.buildRoomUserToken": (
        ED.build_room_user_token,
        CRED + ["room_uuid", "user_uuid", "role", "expire"],
    ),
    "EducationTokenBuilder2.buildUserToken": (ED.build_user_token, CRED + ["user_uuid", "expire"]),
    "EducationTokenBuilder2.buildAppToken": (ED.build_app_token, CRED + ["expire"]),
    "ApaasTokenBuilder.buildRoomUserToken": (
        AP.build_room_user_token,
        CRED + ["room_uuid", "user_uuid", "role", "expire"],
    ),
    "ApaasTokenBuilder.buildUserToken": (AP.build_user_token, CRED + ["user_uuid", "expire"]),
    "ApaasTokenBuilder.buildAppToken": (AP.build_app_token, CRED + ["expire"]),
}


def permissions_object(entries: list[dict[str, Any]]) -> Any:
    p = agora_token.Rtm2Permissions()
    for e in entries:
        p.add(e["resource_type"], e["permission_type"], e["resources"])
    return p


def service_object(s: dict[str, Any]) -> AccessToken2.Service:
    t = s["type"]
    svc: AccessToken2.Service
    if t == 1:
        svc = AccessToken2.ServiceRtc(s["channel_name"], s["uid"])
    elif t == 2:
        svc = AccessToken2.ServiceRtm(s["user_id"])
    elif t == 3:
        svc = AccessToken2.ServiceStreaming(s["channel_name"], s["account"])
    elif t == 4:
        svc = AccessToken2.ServiceFpa()
    elif t == 5:
        svc = AccessToken2.ServiceChat(s["user_id"])
    elif t == 6:
        svc = AccessToken2.ServiceFcdn(s["channel_name"], s["account"])
    elif t == 7:
        svc = AccessToken2.ServiceApaas(s["room_uuid"], s["user_uuid"], s.get("role", -1))
    elif t == 8:
        svc = AccessToken2.ServiceRtm2(s["user_id"], permissions_object(s.get("permissions", [])))
    elif t == 9:
        svc = AccessToken2.ServiceConvoAI()
    elif t == 10:
        svc = AccessToken2.ServiceStt()
    else:
        svc = AccessToken2.Service(t)
    for pid, val in s.get("privileges", []):
        svc.add_privilege(pid, val)
    return svc


def run_call(v: dict[str, Any], positional: bool = True) -> str:
    """Runs a vector's build call through the Python API, positionally in the
    reference's order (default) or by keyword."""
    call, inp, fixed = v["call"], dict(v["inputs"]), v.get("fixed") or {}
    if call == "AccessToken006":
        t6 = AccessToken.AccessToken(
            inp["app_id"],
            inp["app_certificate"],
            inp["channel_name"],
            inp["uid"],
            salt=inp["salt"],
            ts=inp["ts"],
        )
        for pid, val in inp.get("privileges", []):
            t6.addPrivilege(pid, val)
        return t6.build()
    if call == "AccessToken2":
        t7 = AccessToken2.AccessToken(
            inp["app_id"], inp["app_certificate"], inp["issue_ts"], inp["expire"], salt=inp["salt"]
        )
        for s in inp["services"]:
            t7.add_service(service_object(s))
        return t7.build()
    fn, order = BUILDERS[call]
    if call == "RtmTokenBuilder.buildToken":
        inp.setdefault("role", agora_token.Role_Rtm_User)
    if call == "RtmTokenBuilder2.buildTokenWithPermissions":
        inp["permissions"] = permissions_object(inp["permissions"])
    kw: dict[str, Any] = {"salt": fixed["salt"]} if "salt" in fixed else {}
    if "issue_ts" in fixed:
        kw["issue_ts"] = fixed["issue_ts"]
    if "now" in fixed:
        kw["now"] = fixed["now"]
    unknown = set(inp) - set(order)
    assert not unknown, f"{v['name']}: inputs {unknown} not in the parameter list"
    if positional:
        # Trailing optional parameters may be absent from the inputs.
        args = []
        for name in order:
            if name not in inp:
                break
            args.append(inp[name])
        return str(fn(*args, **kw))
    if call.startswith("RtcTokenBuilder.") or call == "RtmTokenBuilder.buildToken":
        # Keyword form: the snake_case aliases, whose names are the vectors'.
        snake: Any = {
            "RtcTokenBuilder.buildTokenWithUid": agora_token.RtcTokenBuilder.build_token_with_uid,
            "RtcTokenBuilder.buildTokenWithUserAccount": (
                agora_token.RtcTokenBuilder.build_token_with_account
            ),
            "RtmTokenBuilder.buildToken": agora_token.RtmTokenBuilder.build_token,
        }[call]
        return str(snake(**inp, **kw))
    return str(fn(**inp, **kw))


@pytest.fixture(scope="session")
def vectors() -> list[dict[str, Any]]:
    return VECTORS
