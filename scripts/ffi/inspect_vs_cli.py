#!/usr/bin/env python3
"""The C ABI's agora_token_inspect_json must give the same document as the
CLI's `inspect --json` (the code is mirrored, see ffi/src/report.rs). For
every token of the vector lines, with and without the certificate, both are
run and compared member for member; only the wording of "signature_note"
(which names CLI flags in the CLI) may differ.

Usage: inspect_vs_cli.py LIBAGORA_TOKEN_SO AGORA_TOKEN_CLI vectors.lines
"""

import ctypes
import json
import os
import subprocess
import sys

NOW = 1_700_000_000


def main():
    lib = ctypes.CDLL(sys.argv[1])
    cli = sys.argv[2]
    f = lib.agora_token_inspect_json
    f.restype = ctypes.c_uint32

    class Expect(ctypes.Structure):
        _fields_ = [
            ("user", ctypes.c_char_p), ("user_len", ctypes.c_size_t),
            ("channel", ctypes.c_char_p), ("channel_len", ctypes.c_size_t),
            ("uid", ctypes.c_char_p), ("uid_len", ctypes.c_size_t),
            ("check_expiry", ctypes.c_bool), ("now", ctypes.c_uint64),
        ]

    P, N = ctypes.c_char_p, ctypes.c_size_t
    f.argtypes = [P, N, P, N, ctypes.POINTER(Expect), ctypes.c_uint64, P, N, ctypes.POINTER(N)]

    def ours(token, cert, ident):
        e = Expect()
        if ident.get("user") is not None:
            e.user, e.user_len = ident["user"], len(ident["user"])
        if ident.get("channel") is not None:
            e.channel, e.channel_len = ident["channel"], len(ident["channel"])
            e.uid, e.uid_len = ident["uid"], len(ident["uid"])
        need = ctypes.c_size_t(0)
        c = (cert, len(cert)) if cert is not None else (None, 0)
        r = f(token, len(token), c[0], c[1], ctypes.byref(e), NOW, None, 0, ctypes.byref(need))
        buf = ctypes.create_string_buffer(need.value)
        n = ctypes.c_size_t(0)
        r = f(token, len(token), c[0], c[1], ctypes.byref(e), NOW, buf, need, ctypes.byref(n))
        assert r == 0, r
        return json.loads(buf.raw[: n.value].decode())

    def theirs(token, cert, ident):
        args = [cli, "inspect", token.decode(), "--json", "--now", str(NOW)]
        env = dict(os.environ)
        env.pop("AGORA_APP_CERTIFICATE", None)
        if cert is not None:
            env["AGORA_APP_CERTIFICATE"] = cert.decode()
        if ident.get("user") is not None:
            args += ["--user", ident["user"].decode()]
        elif ident.get("channel") is not None:
            args += ["--channel", ident["channel"].decode()]
            if ident["uid"]:
                args += ["--account", ident["uid"].decode()]
        out = subprocess.run(args, env=env, check=True, capture_output=True).stdout
        return json.loads(out.decode().strip().splitlines()[-1])

    unhex = lambda s: None if s == "-" else (b"" if s == "=" else bytes.fromhex(s))
    passed = failed = 0
    seen = set()
    with open(sys.argv[3], encoding="utf-8") as fh:
        for line in fh:
            rec = line.rstrip("\n").split("\t")
            if rec[0] != "V" or rec[7] != "ok":
                continue
            token, cert, ch, uid, user = (unhex(x) for x in rec[2:7])
            if token in seen:
                continue
            seen.add(token)
            ident = {}
            if ch is not None:
                # 006: what the signature covers (an RTM token: the account
                # as channel and an empty uid, the same as --user).
                ident = {"channel": ch, "uid": uid if uid is not None else b""}
            for c in (None, cert):
                if c is not None and token.startswith(b"006") and not ident:
                    continue
                a, b = ours(token, c, ident), theirs(token, c, ident)
                for d in (a, b):
                    d.pop("signature_note", None)
                if a == b:
                    passed += 1
                else:
                    failed += 1
                    keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                    print("FAIL %s (cert=%s): members differ: %s" % (rec[1], c is not None, keys))
    print("inspect vs cli: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
