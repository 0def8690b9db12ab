"""Benchmark, in one process: our 006 RTM build against PyPI
agora-token-builder's, and our 007 RTM build and parse + verify.

First checks that both 006 implementations give the same token at a fixed
salt and time, then interleaves rounds (each round times every case once, in
rotating order) and reports the median per call over the rounds, with the
machine and versions. Not a test: nothing here asserts a speed.

    python bench/bench.py            # 31 rounds
    python bench/bench.py --quick    # 3 short rounds (CI smoke run)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import types
from importlib.metadata import version
from typing import Callable

import agora_token_builder
import agora_token_builder.AccessToken as peer_access_token

import agora_token
from agora_token import RtmTokenBuilder2, parse, verify

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
USER = "test_user_id"
NOW = 1_700_000_000
SALT = 12_345_678


def fix_peer_salt_and_time() -> None:
    """agora-token-builder reads secrets.SystemRandom().randint and
    time.time() in its AccessToken module; pin both there."""
    peer_access_token.secrets = types.SimpleNamespace(
        SystemRandom=lambda: types.SimpleNamespace(randint=lambda lo, hi: SALT)
    )
    peer_access_token.time = types.SimpleNamespace(time=lambda: NOW)


def per_call(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(wall, process CPU) seconds per call. On a shared machine the CPU
    time is the steadier of the two; both are reported."""
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n, (time.process_time() - c0) / n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int, default=31)
    ap.add_argument("--calls", type=int, default=2000)
    a = ap.parse_args()
    rounds, calls = (3, 200) if a.quick else (a.rounds, a.calls)

    fix_peer_salt_and_time()
    expire_ts = NOW + 3600
    ours006 = agora_token.RtmTokenBuilder.buildToken(
        APP_ID, CERT, USER, 1, expire_ts, salt=SALT, now=NOW
    )
    peer006 = agora_token_builder.RtmTokenBuilder.buildToken(APP_ID, CERT, USER, 1, expire_ts)
    if ours006 != peer006:
        print("006 tokens differ: not benchmarking", file=sys.stderr)
        return 1
    tok007 = RtmTokenBuilder2.build_token(APP_ID, CERT, USER, 3600)
    verify(tok007, CERT, user=USER)

    cases: dict[str, Callable[[], object]] = {
        "006 RTM build, agora-token-builder": lambda: (
            agora_token_builder.RtmTokenBuilder.buildToken(APP_ID, CERT, USER, 1, expire_ts)
        ),
        "006 RTM build, agora_token": lambda: agora_token.RtmTokenBuilder.buildToken(
            APP_ID, CERT, USER, 1, expire_ts
        ),
        "007 RTM build, agora_token": lambda: RtmTokenBuilder2.build_token(
            APP_ID, CERT, USER, 3600
        ),
        "007 RTM build, fixed salt/issue_ts": lambda: RtmTokenBuilder2.build_token(
            APP_ID, CERT, USER, 3600, salt=SALT, issue_ts=NOW
        ),
        "007 parse": lambda: parse(tok007),
        "007 parse + verify(user=)": lambda: verify(tok007, CERT, user=USER),
    }
    names = list(cases)
    wall: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    for fn in cases.values():  # warm-up
        per_call(fn, calls // 10 + 1)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for k in order:
            w, c = per_call(cases[k], calls)
            wall[k].append(w)
            cpu[k].append(c)

    med = {k: statistics.median(v) for k, v in wall.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.machine()}, {os.cpu_count()} cpus, {platform.platform()}"
    )
    print(
        f"agora-token-rs {agora_token.__version__}, "
        f"agora-token-builder {version('agora-token-builder')}"
    )
    if hasattr(os, "getloadavg"):
        print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{rounds} interleaved rounds x {calls} calls; median per call (wall, process CPU)")
    for k in names:
        print(f"  {k:40s} {med[k] * 1e6:8.2f} us  {med_cpu[k] * 1e6:8.2f} us")
    for label, m in (("wall", med), ("CPU", med_cpu)):
        print(
            f"  006 RTM agora-token-builder / agora_token ({label}): "
            f"{m[names[0]] / m[names[1]]:.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
