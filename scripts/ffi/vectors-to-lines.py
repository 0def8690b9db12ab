#!/usr/bin/env python3
"""Turns the shared vector files into a line format the C and C++ tests read,
so they need no JSON parser. Run at test time; the output is never committed.

Usage: vectors-to-lines.py VECTORS_DIR > vectors.lines

One record per line, fields separated by tabs. Strings are hex-encoded UTF-8
("" is written as "="), "-" means absent. Records:

  J name call inputs_json fixed_json expect token
      vector-style JSON build; expect is "ok" or an error code name
  T name call expect token arg...
      the same build through the typed function for `call`; every arg is
      tagged: s:HEX (bytes), u:N (unsigned), i:N (signed), o:FS,S,FT,T
      (options), p:RT,PT,HEX|HEX;RT,PT,... (RTM2 permissions, "p:" = none)
  P name token decoded tpb_optional
      parse; decoded is the canonical JSON (keys sorted, compact) or "-"
      for "must parse" only; tpb_optional 1 = drop our trailing_payload_bytes
  V name token certificate channel uid user expect
      verify (channel/uid/user "-" = not checked); expect "ok" or a code
  R name token code
      parse must fail with code

The typed records are written only when every input fits the C type of the
typed function (a vector that feeds a 2^32 uid can only go through JSON).
"""

import json
import os
import re
import sys

FILES = [
    "token006_build.json",
    "token007_builders.json",
    "token007_services.json",
    "parse.json",
    "negative.json",
]


def h(s):
    if s is None:
        return "-"
    b = s.encode("utf-8") if isinstance(s, str) else s
    return b.hex() if b else "="


def canon(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Skip(Exception):
    """The inputs cannot be expressed through the typed C function."""


def uint(v, bits=32):
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < 2**bits:
        raise Skip
    return "u:%d" % v


def sint(v, bits=64):
    if isinstance(v, bool) or not isinstance(v, int) or not -(2 ** (bits - 1)) <= v < 2 ** (bits - 1):
        raise Skip
    return "i:%d" % v


def text(v):
    if not isinstance(v, str):
        raise Skip
    return "s:" + h(v)


def ident(v):
    """uid / account convention: a number is its decimal text, 0 is ""."""
    if isinstance(v, str):
        return text(v)
    uint(v)
    return "s:" + h("" if v == 0 else str(v))


def perms(v):
    if not isinstance(v, list):
        raise Skip
    out = []
    for p in v:
        if set(p) != {"resource_type", "permission_type", "resources"}:
            raise Skip
        uint(p["resource_type"], 16)
        uint(p["permission_type"], 16)
        res = p["resources"]
        if not isinstance(res, list) or not all(isinstance(r, str) for r in res):
            raise Skip
        out.append("%d,%d,%s" % (p["resource_type"], p["permission_type"], "|".join(h(r) for r in res)))
    return "p:" + ";".join(out)


def options(fixed):
    f = fixed or {}
    salt = f.get("salt")
    ts = f.get("issue_ts", f.get("now"))
    for x in (salt, ts):
        if x is not None:
            uint(x)
    return "o:%d,%d,%d,%d" % (salt is not None, salt or 0, ts is not None, ts or 0)


RTC_PRIV = [
    "join_channel_privilege_expire",
    "pub_audio_privilege_expire",
    "pub_video_privilege_expire",
    "pub_data_stream_privilege_expire",
]
RTM2 = ["channel_name", "rtc_account", "rtc_role", "rtc_token_expire"] + RTC_PRIV + ["rtm_user_id", "rtm_token_expire"]

# call -> list of (input name, converter, default when absent)
TYPED = {
    "RtcTokenBuilder2.buildTokenWithUid": [("channel_name", text), ("uid", uint), ("role", sint), ("token_expire", uint), ("privilege_expire", uint, 0)],
    "RtcTokenBuilder2.buildTokenWithUserAccount": [("channel_name", text), ("account", ident), ("role", sint), ("token_expire", uint), ("privilege_expire", uint, 0)],
    "RtcTokenBuilder2.buildTokenWithUidAndPrivilege": [("channel_name", text), ("uid", uint), ("token_expire", uint)] + [(p, uint) for p in RTC_PRIV],
    "RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege": [("channel_name", text), ("account", ident), ("token_expire", uint)] + [(p, uint) for p in RTC_PRIV],
    "RtcTokenBuilder2.buildTokenWithRtm": [("channel_name", text), ("account", ident), ("role", sint), ("token_expire", uint), ("privilege_expire", uint, 0)],
    "RtmTokenBuilder2.buildToken": [("user_id", text), ("expire", uint, 0)],
    "RtmTokenBuilder2.buildTokenWithPermissions": [("user_id", text), ("permissions", perms), ("expire", uint, 0)],
    "ChatTokenBuilder2.buildUserToken": [("user_id", text), ("expire", uint)],
    "ChatTokenBuilder2.buildAppToken": [("expire", uint)],
    "FpaTokenBuilder.buildToken": [],
    "ApaasTokenBuilder.buildRoomUserToken": [("room_uuid", text), ("user_uuid", text), ("role", lambda v: sint(v, 16)), ("expire", uint)],
    "ApaasTokenBuilder.buildUserToken": [("user_uuid", text), ("expire", uint)],
    "ApaasTokenBuilder.buildAppToken": [("expire", uint)],
    "RtcTokenBuilder.buildTokenWithUid": [("channel_name", text), ("uid", uint), ("role", sint), ("privilege_expired_ts", uint)],
    "RtcTokenBuilder.buildTokenWithUserAccount": [("channel_name", text), ("account", ident), ("role", sint), ("privilege_expired_ts", uint)],
    "RtmTokenBuilder.buildToken": [("user_account", text), ("privilege_expired_ts", uint)],
}
rtm2_args = [(n, {"rtc_account": ident, "channel_name": text, "rtm_user_id": text, "rtc_role": sint}.get(n, uint)) for n in RTM2]
for c in ("RtcTokenBuilder2.buildTokenWithRtm2", "ConvoAITokenBuilder.buildToken", "SttTokenBuilder.buildToken"):
    TYPED[c] = rtm2_args
for k in ("BuildRoomUserToken", "BuildUserToken", "BuildAppToken"):
    name = k[0].lower() + k[1:]
    TYPED["EducationTokenBuilder2." + name] = TYPED["ApaasTokenBuilder." + name]


def typed_args(call, inputs, fixed):
    spec = TYPED.get(call)
    if spec is None:
        raise Skip
    known = {"app_id", "app_certificate"} | {s[0] for s in spec}
    if call == "RtmTokenBuilder.buildToken":
        known.add("role")  # ignored by the 006 RTM builder
        if "role" in inputs:
            sint(inputs["role"])
    if set(inputs) - known:
        raise Skip
    args = [text(inputs.get("app_id")), text(inputs.get("app_certificate"))]
    for s in spec:
        if s[0] in inputs and inputs[s[0]] is not None:
            args.append(s[1](inputs[s[0]]))
        elif len(s) == 3:
            args.append(s[1](s[2]))
        else:
            raise Skip
    args.append(options(fixed))
    return args


def is_hex32(s):
    return re.fullmatch(r"[0-9a-fA-F]{32}", s) is not None


def verify_expect(cert, crc_ok, sig_ok):
    if not is_hex32(cert):
        return "certificate_rejected"
    if not crc_ok:
        return "crc_mismatch"
    return "ok" if sig_ok else "signature_mismatch"


def decoded_fields(d):
    d = dict(d)
    d.pop("signed_channel_name", None)
    d.pop("signed_uid", None)
    return canon(d), "0" if "trailing_payload_bytes" in d else "1"


def main():
    vdir = sys.argv[1]
    out = []
    w = lambda *f: out.append("\t".join(f))
    n = 0
    for fname in FILES:
        with open(os.path.join(vdir, fname), encoding="utf-8") as fh:
            doc = json.load(fh)
        for v in doc["vectors"]:
            n += 1
            name, kind = v["name"], v["kind"]
            if kind in ("build", "build_error"):
                call, inputs, fixed = v["call"], v["inputs"], v.get("fixed")
                if kind == "build":
                    expect, token = "ok", v["expected"]["token"]
                else:
                    expect, token = v["expected"]["error"], None
                w("J", name, h(call), h(canon(inputs)), h(canon(fixed)) if fixed is not None else "-", expect, h(token))
                try:
                    w("T", name, call, expect, h(token), *typed_args(call, inputs, fixed))
                except Skip:
                    pass
                if kind == "build":
                    d = v["decoded"]
                    dec, tpb = decoded_fields(d)
                    w("P", name, h(token), h(dec), tpb)
                    cert = inputs["app_certificate"]
                    if v["format"] == "006":
                        w("V", name, h(token), h(cert), h(d["signed_channel_name"]), h(d["signed_uid"]), "-", "ok")
                    else:
                        w("V", name, h(token), h(cert), "-", "-", "-", "ok")
                    for lang, tok in (v.get("variant_tokens") or {}).items():
                        how = v["cross_implementation"].get(lang, "")
                        same = how == "same_payload_different_deflate"
                        w("P", name + "/" + lang, h(tok), h(dec) if same else "-", tpb)
                        if v["format"] == "007":
                            w("V", name + "/" + lang, h(tok), h(cert), "-", "-", "-", "ok")
            elif kind == "parse":
                dec, tpb = decoded_fields(v["decoded"])
                w("P", name, h(v["token"]), h(dec), tpb)
                for i, e in enumerate(v["verify"]):
                    want = verify_expect(e["certificate"], e.get("crc_match", True), e["signature_valid"])
                    w("V", "%s/verify%d" % (name, i), h(v["token"]), h(e["certificate"]), h(e.get("channel_name")), h(e.get("uid")), "-", want)
            elif kind == "reject":
                w("R", name, h(v["token"]), v["expected"]["error"])
            elif kind == "verify_fail":
                e = v["expected"]
                crc_ok = e.get("crc_channel_matches", True) and e.get("crc_uid_matches", True)
                want = verify_expect(v["certificate"], crc_ok, False)
                if e.get("certificate_rejected"):
                    want = "certificate_rejected"
                w("V", name, h(v["token"]), h(v["certificate"]), h(v.get("channel_name")), h(v.get("uid")), "-", want)
            else:
                raise SystemExit("unknown vector kind %r in %s" % (kind, name))
    if n != 281:
        raise SystemExit("expected 281 vectors, found %d" % n)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
