"""Turns tests/bad_inputs.json into the line format run_c.c reads, so the C
runner needs no JSON parser. The data file stays the one source.

Usage: python3 tests/bad_inputs/c_cases.py [VECTORS_DIR] > cases.txt

One line per entry, tab-separated:
  name, call, expected_code, not-applicable reason ("-" if none),
  inputs JSON for agora_token_build_json ("-" if not expressible as JSON),
  fixed JSON ("-" if none), then one field per argument, key=value:
    s:HEX   a byte string       i:N    an integer (decimal, any size)
    n       $null               u      $undefined
    t:KIND  another JSON type (bool, float, list, object): not a C value
  and the fixed values as fixed.salt=..., fixed.issue_ts=..., fixed.now=...
"""

from __future__ import annotations

import base64
import json
import os
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def resolve(v, tokens):
    """Returns ("bytes", b) / ("int", n) / ("null",) / ("undefined",) / ("other", kind, v)."""
    if isinstance(v, bool):
        return ("other", "bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, float):
        return ("other", "float", v)
    if isinstance(v, str):
        return ("bytes", v.encode())
    if isinstance(v, list):
        return ("other", "list", v)
    if "$null" in v:
        return ("null",)
    if "$undefined" in v:
        return ("undefined",)
    if "$hex" in v:
        return ("bytes", bytes.fromhex(v["$hex"]))
    if "$repeat" in v:
        return ("bytes", (v.get("prefix", "") + v["$repeat"] * v["count"]).encode())
    if "$zip_bomb" in v:
        body = zlib.compress(bytes(v["$zip_bomb"]["zeros"]), 9)
        return ("bytes", b"007" + base64.b64encode(body))
    if "$vector_token" in v:
        t = tokens[v["$vector_token"]]
        if "keep" in v:
            t = t[: v["keep"]]
        for a, b in v.get("replace", []):
            assert a in t, f"{v['$vector_token']} has no {a!r}"
            t = t.replace(a, b)
        b = (v.get("prefix", "") + t + v.get("suffix", "")).encode()
        return ("bytes", b + bytes.fromhex(v.get("suffix_hex", "")))
    return ("other", "object", v)


def field(r) -> str:
    if r[0] == "bytes":
        return "s:" + r[1].hex()
    if r[0] == "int":
        return f"i:{r[1]}"
    if r[0] == "null":
        return "n"
    if r[0] == "undefined":
        return "u"
    return "t:" + r[1]


def as_json(r):
    """The value in agora_token_build_json's inputs, or raises ValueError."""
    if r[0] == "bytes":
        return r[1].decode("utf-8")  # UnicodeDecodeError is a ValueError
    if r[0] == "int":
        return r[1]
    if r[0] == "null":
        return None
    if r[0] == "other":
        return r[2]
    raise ValueError("undefined")


def main() -> None:
    doc = json.loads((ROOT / "tests" / "bad_inputs.json").read_text(encoding="utf-8"))
    tokens = vector_tokens(vectors_dir())
    for e in doc["entries"]:
        raw = dict(doc["defaults"].get(e["call"], {}))
        raw.update(e["args"])
        args = {k: resolve(v, tokens) for k, v in raw.items()}
        reason = (e.get("not_applicable") or {}).get("c") or "-"
        inputs = "-"
        if e["call"] not in ("parse", "verify"):
            try:
                inputs = json.dumps(
                    {k: as_json(r) for k, r in args.items() if r[0] != "undefined"},
                    ensure_ascii=True,
                    separators=(",", ":"),
                )
            except ValueError:
                inputs = "-"
        fixed = json.dumps(e["fixed"], separators=(",", ":")) if "fixed" in e else "-"
        cols = [e["name"], e["call"], e["expected_code"], reason.replace("\t", " "), inputs, fixed]
        cols += [f"{k}={field(r)}" for k, r in args.items()]
        cols += [f"fixed.{k}=i:{v}" for k, v in (e.get("fixed") or {}).items()]
        print("\t".join(cols))


if __name__ == "__main__":
    main()
