"""The shared bad-input matrix (tests/bad_inputs.json) against the installed
Python package ``agora_token``, through its public API.

Usage: python tests/bad_inputs/run_python.py [VECTORS_DIR]
(default: $AGORA_VECTORS_DIR, else ../shared/vectors beside the checkout).

Every entry must raise an ``agora_token.TokenError`` whose ``code`` is the
entry's ``expected_code``: no other exception, no token, no ``''``. Entries
with ``not_applicable.python`` are recorded as not applicable with their
reason. Exit status 1 when any entry fails.

Markers: ``$null`` -> None; ``$hex`` -> bytes; ``$repeat`` -> str;
``$vector_token`` -> str (bytes when raw bytes are appended);
``$undefined`` cannot be written in Python (see the data file).
"""

from __future__ import annotations

import base64
import json
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import agora_token
from agora_token import (
    ChatTokenBuilder2,
    RtcTokenBuilder,
    RtcTokenBuilder2,
    RtmTokenBuilder,
    RtmTokenBuilder2,
    apaas_token_builder,
)

LANG = "python"
ROOT = Path(__file__).resolve().parents[2]


class NotExpressible(Exception):
    """The entry cannot be written in this language."""


def vectors_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("AGORA_VECTORS_DIR"):
        return Path(os.environ["AGORA_VECTORS_DIR"])
    return ROOT.parent / "shared" / "vectors"


def vector_tokens(d: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in sorted(d.glob("*.json")):
        for v in json.loads(f.read_text(encoding="utf-8")).get("vectors", []):
            tok = (v.get("expected") or {}).get("token")
            if isinstance(tok, str):
                out[v["name"]] = tok
    return out


def resolve(v: Any, tokens: dict[str, str]) -> Any:
    if not isinstance(v, dict):
        return v
    if "$null" in v:
        return None
    if "$undefined" in v:
        raise NotExpressible("undefined")
    if "$hex" in v:
        return bytes.fromhex(v["$hex"])
    if "$repeat" in v:
        return v.get("prefix", "") + v["$repeat"] * v["count"]
    if "$zip_bomb" in v:
        body = zlib.compress(bytes(v["$zip_bomb"]["zeros"]), 9)
        return "007" + base64.b64encode(body).decode()
    if "$vector_token" in v:
        t = tokens[v["$vector_token"]]
        if "keep" in v:
            t = t[: v["keep"]]
        for a, b in v.get("replace", []):
            assert a in t, f"{v['$vector_token']} has no {a!r}"
            t = t.replace(a, b)
        t = v.get("prefix", "") + t + v.get("suffix", "")
        if "suffix_hex" in v:
            return t.encode() + bytes.fromhex(v["suffix_hex"])
        return t
    return v


def kw007(fixed: dict[str, Any] | None) -> dict[str, Any]:
    return {} if not fixed else {"salt": fixed.get("salt"), "issue_ts": fixed.get("issue_ts")}


def kw006(fixed: dict[str, Any] | None) -> dict[str, Any]:
    return {} if not fixed else {"salt": fixed.get("salt"), "now": fixed.get("now")}


# call name -> (function, positional argument names, fixed -> keyword arguments)
BUILDERS: dict[str, tuple[Callable[..., Any], list[str], Callable[..., dict[str, Any]]]] = {
    "RtcTokenBuilder2.buildTokenWithUid": (
        RtcTokenBuilder2.build_token_with_uid,
        [
            "app_id",
            "app_certificate",
            "channel_name",
            "uid",
            "role",
            "token_expire",
            "privilege_expire",
        ],
        kw007,
    ),
    "RtcTokenBuilder2.buildTokenWithUserAccount": (
        RtcTokenBuilder2.build_token_with_user_account,
        [
            "app_id",
            "app_certificate",
            "channel_name",
            "account",
            "role",
            "token_expire",
            "privilege_expire",
        ],
        kw007,
    ),
    "RtmTokenBuilder2.buildToken": (
        RtmTokenBuilder2.build_token,
        ["app_id", "app_certificate", "user_id", "expire"],
        kw007,
    ),
    "ChatTokenBuilder2.buildUserToken": (
        ChatTokenBuilder2.build_user_token,
        ["app_id", "app_certificate", "user_id", "expire"],
        kw007,
    ),
    "ApaasTokenBuilder.buildRoomUserToken": (
        apaas_token_builder.build_room_user_token,
        ["app_id", "app_certificate", "room_uuid", "user_uuid", "role", "expire"],
        kw007,
    ),
    "RtcTokenBuilder.buildTokenWithUid": (
        RtcTokenBuilder.buildTokenWithUid,
        ["app_id", "app_certificate", "channel_name", "uid", "role", "privilege_expired_ts"],
        kw006,
    ),
    "RtmTokenBuilder.buildToken": (
        RtmTokenBuilder.buildToken,
        ["app_id", "app_certificate", "user_account", "role", "privilege_expired_ts"],
        kw006,
    ),
}


def run(entry: dict[str, Any], defaults: dict[str, Any], tokens: dict[str, str]) -> Any:
    call = entry["call"]
    raw = dict(defaults.get(call, {}))
    raw.update(entry["args"])
    args = {k: resolve(v, tokens) for k, v in raw.items()}
    if call == "parse":
        return agora_token.parse(args["token"])
    if call == "verify":
        kw = {}
        for src, dst in (
            ("channel_name", "channel"),
            ("uid", "uid"),
            ("user", "user"),
            ("now", "now"),
        ):
            if src in args:
                kw[dst] = args[src]
        return agora_token.verify(args["token"], args["app_certificate"], **kw)
    fn, names, fixed_kw = BUILDERS[call]
    return fn(*[args[n] for n in names], **fixed_kw(entry.get("fixed")))


def main() -> int:
    doc = json.loads((ROOT / "tests" / "bad_inputs.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "agora-token-bad-inputs/1"
    tokens = vector_tokens(vectors_dir())
    passed = failed = na = 0
    failures = []
    for e in doc["entries"]:
        name, want = e["name"], e["expected_code"]
        reason = (e.get("not_applicable") or {}).get(LANG)
        try:
            result = run(e, doc["defaults"], tokens)
            got = f"no error: returned {str(result)[:40]!r}"
        except NotExpressible as x:
            if reason:
                na += 1
                print(f"n/a   {name}: {reason}")
            else:
                failed += 1
                failures.append(
                    f"{name}: {x} cannot be written in Python and has no not_applicable.{LANG}"
                )
            continue
        except agora_token.TokenError as x:
            got = x.code
            if not str(x):
                got += " (empty message)"
        except Exception as x:  # noqa: BLE001 - any other exception is a finding
            got = f"{type(x).__name__}: {x}"
        if reason:
            failed += 1
            failures.append(f"{name}: declared not applicable ({reason}) but it ran: {got}")
        elif got == want:
            passed += 1
            print(f"ok    {name}: {got}")
        else:
            failed += 1
            failures.append(f"{name}: got {got}, expected {want}")
    for f in failures:
        print(f"FAIL  {f}")
    print(f"bad inputs ({LANG}): {passed} passed, {failed} failed, {na} not applicable")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
