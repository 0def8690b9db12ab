// Benchmark: agora-token-rs against npm agora-token 2.0.6 (007) and
// agora-access-token 2.0.4 (006), in one run.
//
// First asserts that every implementation produces the same payload for the
// same inputs (salt and clock forced; 007 compared after inflating, since
// Node's zlib compresses differently). Then times each pair with mitata's
// `measure`, interleaved: every round measures every implementation once
// (alternating which goes first), so a change in machine load hits both
// sides of a ratio alike. Reports the median over rounds of each
// measurement's median (p50), and the ratio.
//
//   node bench/bench.mjs           assert, then benchmark (ROUNDS=5 by default)
//   node bench/bench.mjs --check   assert only (used by CI; no timing)

import { createRequire } from 'node:module'
import os from 'node:os'
import zlib from 'node:zlib'
import assert from 'node:assert/strict'
import { do_not_optimize, measure } from 'mitata'

const require = createRequire(import.meta.url)
const ours = require('../index.js')
const peer007 = require('agora-token')
const { AccessToken2 } = require('agora-token/src/AccessToken2')

const ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const USER = 'user-2882341273'
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda'
const UID = 2882341273

function forced(random, ts, fn) {
  const realRandom = Math.random
  const RealDate = Date
  globalThis.Date = class extends RealDate {
    constructor(...a) {
      if (a.length) super(...a)
      else super(ts * 1000)
    }
    static now() {
      return ts * 1000
    }
  }
  Math.random = () => random
  try {
    return fn()
  } finally {
    Math.random = realRandom
    globalThis.Date = RealDate
  }
}

const inflate = (t) => zlib.inflateSync(Buffer.from(t.slice(3), 'base64')).toString('hex')

// agora-access-token fixes its salt when the module loads: load it with a
// known one for the check (and keep that instance for the timing too).
const SALT = 12345678
const TS = 1700000000
const peer006 = forced((SALT + 0.5) / 0xffffffff, TS, () => require('agora-access-token'))

function check() {
  const r007 = (SALT - 0.5) / 99999999
  const rtmOurs = ours.RtmTokenBuilder.buildToken(ID, CERT, USER, 3600, { salt: SALT, issueTs: TS })
  const rtmPeer = forced(r007, TS, () => peer007.RtmTokenBuilder.buildToken(ID, CERT, USER, 3600))
  assert.equal(inflate(rtmOurs), inflate(rtmPeer), '007 RTM payloads differ')
  const rtcOurs = ours.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CHANNEL, UID, 1, 3600, 3600, {
    salt: SALT,
    issueTs: TS,
  })
  const rtcPeer = forced(r007, TS, () =>
    peer007.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CHANNEL, UID, 1, 3600, 3600),
  )
  assert.equal(inflate(rtcOurs), inflate(rtcPeer), '007 RTC payloads differ')
  for (const t of [rtcOurs, rtcPeer]) {
    ours.verify(t, CERT, { channel: CHANNEL, uid: UID, now: TS })
    const p = new AccessToken2()
    assert.ok(p.from_string(t) && p.verifySignature(CERT), 'agora-token does not verify')
  }
  const m006 = ours.legacy.RtmTokenBuilder.buildToken(ID, CERT, USER, 1, TS + 3600, { salt: SALT, now: TS })
  const p006 = forced(0.5, TS, () => peer006.RtmTokenBuilder.buildToken(ID, CERT, USER, 1, TS + 3600))
  assert.equal(m006, p006, '006 RTM tokens differ')
  return rtcOurs
}

const token = check()
console.log('check: all implementations give the same payload (007 RTM, 007 RTC, verify, 006 RTM)')

// The timed calls use the real clock and random salts, as a server would.
const now = Math.floor(Date.now() / 1000)
const PAIRS = [
  [
    '007 RTM buildToken',
    () => ours.RtmTokenBuilder.buildToken(ID, CERT, USER, 3600),
    () => peer007.RtmTokenBuilder.buildToken(ID, CERT, USER, 3600),
    'agora-token',
  ],
  [
    '007 RTC buildTokenWithUid',
    () => ours.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CHANNEL, UID, 1, 3600, 3600),
    () => peer007.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CHANNEL, UID, 1, 3600, 3600),
    'agora-token',
  ],
  [
    '007 parse + verify',
    // The token was issued at TS: check its expiry then (the peer checks
    // none), not by today's clock.
    () => ours.verify(token, CERT, { now: TS }),
    () => {
      const t = new AccessToken2()
      return t.from_string(token) && t.verifySignature(CERT)
    },
    'agora-token',
  ],
  [
    '006 RTM buildToken',
    () => ours.legacy.RtmTokenBuilder.buildToken(ID, CERT, USER, 1, now + 3600),
    () => peer006.RtmTokenBuilder.buildToken(ID, CERT, USER, 1, now + 3600),
    'agora-access-token',
  ],
]

// --check (CI): every timed call runs once, so a case that throws fails the
// run instead of surfacing only when someone benchmarks.
for (const [name, mine, theirs] of PAIRS) {
  for (const fn of [mine, theirs]) {
    assert.ok(fn(), `${name}: no result`)
  }
}
if (process.argv.includes('--check')) process.exit(0)

const ROUNDS = Number(process.env.ROUNDS || 5)
const p50s = PAIRS.map(() => [[], []])
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < PAIRS.length; i++) {
    const [, mine, theirs] = PAIRS[i]
    const order = r % 2 === 0 ? [0, 1] : [1, 0]
    for (const side of order) {
      const fn = side === 0 ? mine : theirs
      const stats = await measure(() => do_not_optimize(fn()), { min_cpu_time: 200e6 })
      p50s[i][side].push(stats.p50)
    }
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`)
}

const med = (xs) => {
  const v = xs.slice().sort((a, b) => a - b)
  const m = v.length >> 1
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2
}
const us = (ns) => (ns / 1000).toFixed(2).padStart(8)
const cpu = os.cpus()[0].model
const load = os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' ')
console.log(`\nmedian over ${ROUNDS} interleaved rounds of the per-round median (µs per call, boundary included)`)
console.log(`machine: ${cpu}, ${os.cpus().length} cores, load average now ${load}; node ${process.version}`)
console.log(
  'versions: agora-token 2.0.6, agora-access-token 2.0.4, agora-token-rs ' + require('../package.json').version,
)
console.log('(best round: the lowest per-round median, less sensitive to other load on the machine)')
console.log('operation                     ours      peer  peer/ours   | best: ours      peer  peer/ours')
PAIRS.forEach(([name, , , peer], i) => {
  const a = med(p50s[i][0])
  const b = med(p50s[i][1])
  const a1 = Math.min(...p50s[i][0])
  const b1 = Math.min(...p50s[i][1])
  const ratio = (x, y) => `${(y / x).toFixed(1).padStart(6)}x`
  console.log(
    `${name.padEnd(26)}${us(a)}  ${us(b)}  ${ratio(a, b)}   |   ${us(a1)}  ${us(b1)}  ${ratio(a1, b1)}  (${peer})`,
  )
})
