"""Writes the fuzz seed corpus from the shared vectors, at run time.

Usage: python3 fuzz/seed_corpus.py VECTORS_DIR OUT_DIR
Creates OUT_DIR/parse, OUT_DIR/verify, OUT_DIR/batch and OUT_DIR/batch_line, one file per seed,
named by the SHA-1 of its content. Nothing here is committed: the vectors stay
the single copy of their data.

Seed shapes follow the targets (fuzz/fuzz_targets/*.rs):
  parse:  a token as text; 0x01 + a 007 payload; 0x02 + 006 content.
  verify: lines token, certificate[, channel, uid[, user]].
  batch:  one JSON request {"call", "inputs", "fixed"}.
  batch_line: CLI batch lines ({"op": "build" | "parse" | "verify", ...}),
          one per seed, plus a few multi-line seeds.
"""

import hashlib
import json
import os
import sys


def put(out, target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(out, target)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def uid_text(v):
    if isinstance(v, bool) or v is None:
        return ""
    if isinstance(v, int):
        return "" if v == 0 else str(v)
    return str(v)


def main():
    vec_dir, out = sys.argv[1], sys.argv[2]
    for t in ("parse", "verify", "batch", "batch_line"):
        os.makedirs(os.path.join(out, t), exist_ok=True)
    counts = {"parse": 0, "verify": 0, "batch": 0, "batch_line": 0}
    lines = []

    def seed(target, data):
        put(out, target, data)
        counts[target] += 1

    def line(obj):
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        lines.append(text)
        seed("batch_line", text)

    for name in sorted(os.listdir(vec_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(vec_dir, name), encoding="utf-8") as f:
            doc = json.load(f)
        for v in doc.get("vectors", []):
            kind = v["kind"]
            exp = v.get("expected") or {}
            tokens = []
            if kind == "build":
                tokens.append(exp["token"])
                tokens.extend((v.get("variant_tokens") or {}).values())
            elif "token" in v:
                tokens.append(v["token"])
            for tok in tokens:
                if isinstance(tok, str):
                    seed("parse", tok)
                    line({"op": "parse", "token": tok})
            for hx in (exp.get("uncompressed_hex"), v.get("uncompressed_hex")):
                if hx:
                    seed("parse", b"\x01" + bytes.fromhex(hx))
            if exp.get("content_hex"):
                seed("parse", b"\x02" + bytes.fromhex(exp["content_hex"]))

            if kind in ("build", "build_error"):
                req = {"call": v["call"], "inputs": v["inputs"]}
                if "fixed" in v:
                    req["fixed"] = v["fixed"]
                seed("batch", json.dumps(req, ensure_ascii=False, separators=(",", ":")))
                line(dict(op="build", id=v["name"], **req))
            if kind == "build":
                inp, dec = v["inputs"], v.get("decoded") or {}
                cert = inp.get("app_certificate", "")
                lines = [exp["token"], cert]
                if v["format"] == "006":
                    lines += [dec.get("signed_channel_name", ""), dec.get("signed_uid", "")]
                elif "channel_name" in inp:
                    lines += [inp["channel_name"], uid_text(inp.get("uid", inp.get("account", "")))]
                seed("verify", "\n".join(lines))
            if kind in ("parse", "verify_fail"):
                for ver in v.get("verify", []) or [v]:
                    req = {
                        "op": "verify",
                        "token": v["token"],
                        "certificate": ver.get("certificate", ""),
                    }
                    for k in ("channel_name", "uid"):
                        if k in ver:
                            req[k] = ver[k]
                    line(req)
            if kind == "parse":
                for ver in v.get("verify", []):
                    lines = [v["token"], ver["certificate"]]
                    if "channel_name" in ver:
                        lines += [ver["channel_name"], ver.get("uid", "")]
                    seed("verify", "\n".join(lines))
            elif kind == "verify_fail":
                lines = [v["token"], v.get("certificate", "")]
                if "channel_name" in v:
                    lines += [v["channel_name"], v.get("uid", "")]
                seed("verify", "\n".join(lines))
    for i in range(0, len(lines), 7):
        seed("batch_line", "\n".join(lines[i : i + 3]))
    print("seed corpus:", ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
