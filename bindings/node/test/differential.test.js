'use strict'

// Differential test against the packages this one replaces, on random
// inputs at a fixed salt and time:
// - npm agora-token 2.0.6 (007): the zlib-inflated payloads must be equal
//   (Node's bundled zlib compresses some payloads differently from the C
//   zlib our tokens match byte for byte, so the strings may differ);
// - npm agora-access-token 2.0.4 (006): the token strings must be equal.
//
// Forcing their salt and clock: agora-token draws
// `Math.floor(Math.random() * 99999999) + 1` and reads `new Date()` per
// token; agora-access-token draws `Math.floor(Math.random() * 0xFFFFFFFF)`
// once when its module loads and reads `new Date()` per token. Both are
// patched around each call, and agora-access-token is loaded afresh for
// every 006 case.
//
// The inputs come from a seeded generator: AGORA_DIFF_SEED picks another
// seed (the seed is printed by each test's name).

const test = require('node:test')
const assert = require('node:assert/strict')

const ours = require('..')
const { payloadHex } = require('./helpers')

const SEED = Number(process.env.AGORA_DIFF_SEED || 20260704)
const CASES = Number(process.env.AGORA_DIFF_CASES || 25)

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function generator(seed) {
  const rnd = mulberry32(seed)
  const below = (n) => Math.floor(rnd() * n)
  const pick = (xs) => xs[below(xs.length)]
  const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,'
  const WIDE = ['é', 'ß', '名', 'テ', '😀', '\u0000', '\n']
  const g = {
    hex32: () => Array.from({ length: 32 }, () => pick('0123456789abcdefABCDEF')).join(''),
    text: (max = 40) => Array.from({ length: below(max + 1) }, () => (rnd() < 0.1 ? pick(WIDE) : pick(CHARS))).join(''),
    u32: () => pick([0, 1, 600, 3600, 86400, 0xffffffff, below(0x100000000), below(0x100000000)]),
    lifetime: () => pick([0, 1, 60, 600, 3600, 86400, below(0x100000000)]),
    uid: () => pick([0, 1, 2882341273, 0xffffffff, below(0x100000000)]),
    rtcUser: () => (rnd() < 0.5 ? g.uid() : pick(['0', '', g.text(20)])),
    role: () => pick([1, 2, 1, 2, 0, 101, 7]),
    apaasRole: () => pick([0, 1, 2, 3, -1, -32768, 32767]),
    salt007: () => 1 + below(99999999),
    salt006: () => below(0xffffffff),
    ts: () => pick([1111111, 1700000000, 1 + below(0xfffeffff)]),
    permissions: (Cls) => {
      const p = new Cls()
      for (let n = below(4); n > 0; n--) {
        p.add(
          below(5),
          below(2),
          Array.from({ length: below(3) }, () => g.text(12)),
        )
      }
      return p
    },
    below,
  }
  return g
}

/** Runs `fn` with Math.random and the clock forced to give `salt` and `ts`. */
function forced(random, ts, fn) {
  const realRandom = Math.random
  const RealDate = Date
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(ts * 1000)
      else super(...args)
    }
    static now() {
      return ts * 1000
    }
  }
  Math.random = () => random
  global.Date = FixedDate
  try {
    return fn()
  } finally {
    Math.random = realRandom
    global.Date = RealDate
  }
}

// agora-token: floor(r * 99999999) + 1 === salt
const random007 = (salt) => (salt - 0.5) / 99999999
// agora-access-token: floor(r * 0xFFFFFFFF) === salt
const random006 = (salt) => (salt + 0.5) / 0xffffffff

const peer007 = require('agora-token')

function freshAccessToken(salt, ts) {
  for (const k of Object.keys(require.cache)) {
    if (k.includes(`${require('node:path').sep}agora-access-token${require('node:path').sep}`)) delete require.cache[k]
  }
  return forced(random006(salt), ts, () => require('agora-access-token'))
}

// One entry per 007 builder: random arguments, then the same call on both.
function cases007(g) {
  const id = g.hex32()
  const cert = g.hex32()
  const rtm2 = () => [
    id,
    cert,
    g.text(),
    g.rtcUser(),
    g.role(),
    g.lifetime(),
    g.lifetime(),
    g.lifetime(),
    g.lifetime(),
    g.lifetime(),
    g.text(20),
    g.lifetime(),
  ]
  return [
    ['RtcTokenBuilder.buildTokenWithUid', [id, cert, g.text(), g.uid(), g.role(), g.lifetime(), g.lifetime()]],
    ['RtcTokenBuilder.buildTokenWithUid (6 args)', [id, cert, g.text(), g.uid(), g.role(), g.lifetime()]],
    [
      'RtcTokenBuilder.buildTokenWithUserAccount',
      [id, cert, g.text(), g.rtcUser(), g.role(), g.lifetime(), g.lifetime()],
    ],
    [
      'RtcTokenBuilder.buildTokenWithUidAndPrivilege',
      [id, cert, g.text(), g.uid(), g.lifetime(), g.lifetime(), g.lifetime(), g.lifetime(), g.lifetime()],
    ],
    [
      'RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege',
      [id, cert, g.text(), g.rtcUser(), g.lifetime(), g.lifetime(), g.lifetime(), g.lifetime(), g.lifetime()],
    ],
    ['RtcTokenBuilder.buildTokenWithRtm', [id, cert, g.text(), g.text(20), g.role(), g.lifetime(), g.lifetime()]],
    ['RtcTokenBuilder.buildTokenWithRtm2', rtm2()],
    ['ConvoAITokenBuilder.buildToken', rtm2()],
    ['SttTokenBuilder.buildToken', rtm2()],
    ['RtmTokenBuilder.buildToken', [id, cert, g.text(), g.lifetime()]],
    ['RtmTokenBuilder.buildTokenWithPermissions', [id, cert, g.text(), 'PERMISSIONS', g.lifetime()]],
    ['ChatTokenBuilder.buildUserToken', [id, cert, g.text(), g.lifetime()]],
    ['ChatTokenBuilder.buildAppToken', [id, cert, g.lifetime()]],
    ['FpaTokenBuilder.buildToken', [id, cert]],
    ['ApaasTokenBuilder.buildRoomUserToken', [id, cert, g.text(), g.text(), g.apaasRole(), g.lifetime()]],
    ['ApaasTokenBuilder.buildUserToken', [id, cert, g.text(), g.lifetime()]],
    ['ApaasTokenBuilder.buildAppToken', [id, cert, g.lifetime()]],
    ['EducationTokenBuilder.buildRoomUserToken', [id, cert, g.text(), g.text(), g.apaasRole(), g.lifetime()]],
    ['EducationTokenBuilder.buildUserToken', [id, cert, g.text(), g.lifetime()]],
    ['EducationTokenBuilder.buildAppToken', [id, cert, g.lifetime()]],
  ]
}

function call(lib, name, args) {
  const [cls, fn] = name.split(' ')[0].split('.')
  return lib[cls][fn](...args)
}

// npm agora-token's room-user builders give the APaaS service no privilege
// and turn role 0 into -1 (FORMAT.md 5.3); ours follow the other languages.
// Compare everything else field by field.
function compareRoomUser(name, oursTok, theirsTok, cert) {
  const a = ours.parse(oursTok)
  assert.ok(ours.verifySignature(theirsTok, cert).signatureValid, `${name}: their token verifies`)
  const b = ours.parse(theirsTok)
  for (const s of a.services) {
    if (s.name === 'apaas') {
      s.privileges = []
      if (s.role === 0) s.role = -1
    }
  }
  delete a.signature_hex
  delete b.signature_hex
  assert.deepStrictEqual(b, a, `${name}: decoded differs beyond the documented room-user deviation`)
}

test(`007 builders agree with npm agora-token 2.0.6 (seed ${SEED}, ${CASES} rounds)`, () => {
  const g = generator(SEED)
  let compared = 0
  for (let round = 0; round < CASES; round++) {
    for (const [name, args] of cases007(g)) {
      const salt = g.salt007()
      const ts = g.ts()
      const ourArgs = args.slice()
      const theirArgs = args.slice()
      const pi = args.indexOf('PERMISSIONS')
      if (pi >= 0) {
        // Same content in each library's own class; ours also reads theirs.
        const p = g.permissions(peer007.Rtm2Permissions)
        theirArgs[pi] = p
        ourArgs[pi] = p
      }
      const opts = { salt, issueTs: ts }
      // Our builders take the options after the last positional argument.
      const fnArity = { 'RtcTokenBuilder.buildTokenWithUid (6 args)': 7 }[name]
      while (fnArity && ourArgs.length < fnArity) ourArgs.push(undefined)
      const mine = call(ours, name, [...ourArgs, opts])
      const theirs = forced(random007(salt), ts, () => call(peer007, name, theirArgs))
      assert.ok(theirs.startsWith('007'), `${name}: the package returned ${JSON.stringify(theirs)}`)
      const cert = args[1]
      if (name.endsWith('buildRoomUserToken')) {
        compareRoomUser(name, mine, theirs, cert)
      } else {
        assert.equal(payloadHex(mine), payloadHex(theirs), `${name} ${JSON.stringify(args)} salt ${salt} ts ${ts}`)
        // And each verifies the other's token.
        assert.ok(ours.verifySignature(theirs, cert).signatureValid, `${name}: their token verifies`)
        const t = new (require('agora-token/src/AccessToken2').AccessToken2)()
        assert.ok(t.from_string(mine) && t.verifySignature(cert), `${name}: the package rejects our token`)
      }
      compared++
    }
  }
  assert.equal(compared, CASES * 20)
})

test(`006 builders agree with npm agora-access-token 2.0.4 (seed ${SEED}, ${CASES} rounds)`, () => {
  const g = generator(SEED + 1)
  const L = ours.legacy
  let compared = 0
  for (let round = 0; round < CASES; round++) {
    const id = g.hex32()
    const cert = g.hex32()
    const cases = [
      ['RtcTokenBuilder.buildTokenWithUid', [id, cert, g.text(), g.uid(), g.role(), g.u32()]],
      ['RtcTokenBuilder.buildTokenWithAccount', [id, cert, g.text(), g.text(20), g.role(), g.u32()]],
      ['RtmTokenBuilder.buildToken', [id, cert, g.text(), 1, g.u32()]],
    ]
    for (const [name, args] of cases) {
      const salt = g.salt006()
      // 006 stores now + 86400 as a u32.
      const now = g.below(0xffffffff - 86400)
      const peer = freshAccessToken(salt, now)
      const theirs = forced(0.5, now, () => call(peer, name, args))
      const mine = call(L, name, [...args, { salt, now }])
      assert.equal(mine, theirs, `${name} ${JSON.stringify(args)} salt ${salt} now ${now}`)
      compared++
    }
  }
  assert.equal(compared, CASES * 3)
})
