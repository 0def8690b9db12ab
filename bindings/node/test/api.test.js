'use strict'

// The JS API contract: the same export surface as the two packages it
// replaces, argument checking with stable codes, numeric user ids, options,
// and verify's claims. Expected values come from our own parser or from the
// peer packages, never from hard-coded tokens.

const test = require('node:test')
const assert = require('node:assert/strict')

const agora = require('..')
const peer007 = require('agora-token')
const peer006 = require('agora-access-token')

const {
  RtcTokenBuilder,
  RtmTokenBuilder,
  Rtm2Permissions,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  legacy,
  parse,
  verify,
} = agora

const ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const FIXED = { salt: 1, issueTs: 1111111 }

function throwsCode(fn, Ctor, code, mention) {
  assert.throws(fn, (e) => {
    assert.ok(
      e instanceof Ctor,
      `expected ${Ctor.name}, got ${e && e.constructor && e.constructor.name}: ${e && e.message}`,
    )
    assert.equal(e.code, code, e.message)
    if (mention) assert.match(e.message, new RegExp(`\\b${mention}\\b`))
    assert.ok(!e.message.includes(CERT), 'the certificate must never appear in a message')
    return true
  })
}

function staticNames(cls) {
  return Object.getOwnPropertyNames(cls).filter((n) => typeof cls[n] === 'function')
}

test('exports everything npm agora-token exports, with the same static methods', () => {
  for (const name of Object.keys(peer007)) {
    assert.ok(name in agora, `missing export ${name}`)
    if (typeof peer007[name] === 'function') {
      for (const m of staticNames(peer007[name])) assert.equal(typeof agora[name][m], 'function', `${name}.${m}`)
    } else {
      assert.deepEqual({ ...agora[name] }, { ...peer007[name] }, name)
    }
  }
  for (const k of Object.keys(peer007.Rtm2Permissions)) assert.equal(Rtm2Permissions[k], peer007.Rtm2Permissions[k], k)
})

test('legacy exports what agora-access-token exports', () => {
  for (const name of Object.keys(peer006)) {
    assert.ok(name in legacy, `missing legacy.${name}`)
    if (name.endsWith('Role')) assert.deepEqual({ ...legacy[name] }, { ...peer006[name] }, name)
    else for (const m of staticNames(peer006[name])) assert.equal(typeof legacy[name][m], 'function', `${name}.${m}`)
  }
})

test("require('agora-token-rs/legacy') has the legacy members", () => {
  assert.deepEqual({ ...require('agora-token-rs/legacy') }, { ...legacy })
  assert.equal(require('agora-token-rs'), agora)
})

test('privilegeExpire defaults to 0 as in agora-token; other arguments are required', () => {
  const a = RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'ch', 1, 1, 600, undefined, FIXED)
  const b = RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'ch', 1, 1, 600, 0, FIXED)
  assert.equal(a, b)
  assert.deepEqual(parse(a).services[0].privileges, [
    [1, 0],
    [2, 0],
    [3, 0],
    [4, 0],
  ])
  throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 'u'), TypeError, 'invalid_argument', 'expire')
  throwsCode(
    () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'ch', 1, 1),
    TypeError,
    'invalid_argument',
    'tokenExpire',
  )
})

test('bad numbers throw instead of wrapping or becoming 0', () => {
  const cases = [
    [undefined, TypeError, 'invalid_argument'],
    [null, TypeError, 'invalid_argument'],
    [NaN, TypeError, 'invalid_argument'],
    [Infinity, TypeError, 'invalid_argument'],
    [1.5, TypeError, 'invalid_argument'],
    ['600', TypeError, 'invalid_argument'],
    [-1, RangeError, 'value_out_of_range'],
    [2 ** 32, RangeError, 'value_out_of_range'],
    [1.7e12, RangeError, 'value_out_of_range'],
  ]
  for (const [v, Ctor, code] of cases) {
    throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 'u', v), Ctor, code, 'expire')
    // A string uid is an account, as in agora-token.
    if (typeof v !== 'string')
      throwsCode(() => RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'c', v, 1, 600), Ctor, code, 'uid')
    throwsCode(() => legacy.RtmTokenBuilder.buildToken(ID, CERT, 'u', 1, v), Ctor, code, 'privilegeExpiredTs')
  }
  throwsCode(
    () => agora.ApaasTokenBuilder.buildRoomUserToken(ID, CERT, 'r', 'u', 32768, 600),
    RangeError,
    'value_out_of_range',
    'role',
  )
})

test('bad strings and credentials throw with the core code; never "" or "undefined"', () => {
  for (const v of [undefined, null, 123, {}]) {
    throwsCode(
      () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, v, 1, 1, 600),
      TypeError,
      'invalid_argument',
      'channelName',
    )
    throwsCode(() => RtmTokenBuilder.buildToken(v, CERT, 'u', 600), TypeError, 'invalid_argument', 'appId')
  }
  for (const [id, cert, code, name] of [
    ['abc', CERT, 'invalid_app_id', 'appId'],
    ['', CERT, 'invalid_app_id', 'appId'],
    [ID, '', 'invalid_app_certificate', 'appCertificate'],
    [ID, CERT.slice(0, 31) + 'x', 'invalid_app_certificate', 'appCertificate'],
  ]) {
    throwsCode(() => RtmTokenBuilder.buildToken(id, cert, 'u', 600), Error, code, name)
    throwsCode(() => ChatTokenBuilder.buildAppToken(id, cert, 600), Error, code, name)
    throwsCode(() => legacy.RtcTokenBuilder.buildTokenWithUid(id, cert, 'c', 1, 1, 0), Error, code, name)
  }
  throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 'x'.repeat(65536), 600), Error, 'value_too_long', 'userId')
})

test('numeric user ids: RTC uids and accounts only (0 = any user); other user ids are text', () => {
  const rtc = (uid) => parse(RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'c', uid, 1, 600, 600, FIXED)).services[0].uid
  assert.equal(rtc(0), '')
  assert.equal(rtc('0'), '0')
  assert.equal(rtc(2882341273), '2882341273')
  const acct = RtcTokenBuilder.buildTokenWithUserAccount(ID, CERT, 'c', 7, 1, 600, 600, FIXED)
  assert.equal(acct, RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'c', 7, 1, 600, 600, FIXED))
  const both = parse(RtcTokenBuilder.buildTokenWithRtm(ID, CERT, 'c', 0, 1, 600, 600, FIXED))
  assert.deepEqual(
    both.services.map((s) => s.uid ?? s.user_id),
    ['', ''],
  )
  // Text-only user ids (FORMAT.md 5.2, tests/bad_inputs.json).
  const args = [ID, CERT, 'c', 0, 1, 600, 600, 600, 600, 600]
  for (const f of [
    () => RtmTokenBuilder.buildToken(ID, CERT, 42, 600),
    () => RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 0, new Rtm2Permissions(), 600),
    () => ChatTokenBuilder.buildUserToken(ID, CERT, 42, 600),
    () => agora.ApaasTokenBuilder.buildRoomUserToken(ID, CERT, 'room', 42, 1, 600),
    () => agora.EducationTokenBuilder.buildUserToken(ID, CERT, 42, 600),
    () => legacy.RtmTokenBuilder.buildToken(ID, CERT, 42, 1, 0),
    () => ConvoAITokenBuilder.buildToken(...args, 5, 600),
    () => RtcTokenBuilder.buildTokenWithRtm2(...args, 0, 600),
    () => verify(RtmTokenBuilder.buildToken(ID, CERT, '42', 600), CERT, { user: 42 }),
  ]) {
    throwsCode(f, TypeError, 'invalid_argument')
  }
  throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 42, 600), TypeError, 'invalid_argument', 'userId')
})

test('options: fixed salt and time reproduce a token; unknown keys throw', () => {
  const t = RtmTokenBuilder.buildToken(ID, CERT, 'u', 600, FIXED)
  assert.equal(RtmTokenBuilder.buildToken(ID, CERT, 'u', 600, FIXED), t)
  const d = parse(t)
  assert.equal(d.salt, 1)
  assert.equal(d.issue_ts, 1111111)
  const fresh = parse(RtmTokenBuilder.buildToken(ID, CERT, 'u', 600))
  assert.ok(fresh.salt >= 1 && fresh.salt <= 99999999)
  assert.ok(Math.abs(fresh.issue_ts - Date.now() / 1000) < 60)
  throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 'u', 600, { issue_ts: 1 }), TypeError, 'invalid_argument')
  throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 'u', 600, { salt: -1 }), RangeError, 'value_out_of_range')
  throwsCode(
    () => legacy.RtmTokenBuilder.buildToken(ID, CERT, 'u', 1, 0, { issueTs: 1 }),
    TypeError,
    'invalid_argument',
  )
  const l = parse(legacy.RtmTokenBuilder.buildToken(ID, CERT, 'u', 1, 0, { salt: 9, now: 1000 }))
  assert.equal(l.ts, 1000 + 86400)
  assert.equal(l.salt, 9)
})

test('buildTokenWithPermissions reads our Rtm2Permissions and the package one alike', () => {
  const fill = (p) => {
    p.add(Rtm2Permissions.kStreamChannels, Rtm2Permissions.kWrite, ['b', 'a'])
    p.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kRead, ['x'])
    return p
  }
  const a = RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', fill(new Rtm2Permissions()), 600, FIXED)
  const b = RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', fill(new peer007.Rtm2Permissions()), 600, FIXED)
  assert.equal(a, b)
  assert.deepEqual(parse(a).services[0].permissions, [
    { resource_type: 0, permission_type: 0, resources: ['x'] },
    { resource_type: 1, permission_type: 1, resources: ['b', 'a'] },
  ])
  throwsCode(() => new Rtm2Permissions().add(0, 0, [1]), TypeError, 'invalid_argument')
  throwsCode(
    () => RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', null, 600),
    TypeError,
    'invalid_argument',
    'permissions',
  )
})

test('verify checks signature, identity and expiry', () => {
  const t = RtcTokenBuilder.buildTokenWithRtm(ID, CERT, 'room', 'alice', 1, 600, 300, FIXED)
  const ok = verify(t, CERT, { user: 'alice', channel: 'room', uid: 'alice', now: 1111111 + 299 })
  assert.equal(ok.expiresAt, 1111111 + 600)
  assert.equal(ok.token.app_id, ID)
  throwsCode(() => verify(t, CERT.replace('5', '6')), Error, 'signature_mismatch')
  throwsCode(() => verify(t, 'short'), Error, 'certificate_rejected')
  throwsCode(() => verify(t, CERT, { user: 'bob' }), Error, 'identity_mismatch')
  throwsCode(() => verify(t, CERT, { channel: 'other' }), Error, 'identity_mismatch')
  throwsCode(() => verify(t, CERT, { channel: 'room', now: 1111111 + 300 }), Error, 'expired')
  throwsCode(() => verify(t, CERT, { now: 1111111 + 600 }), Error, 'expired')
  throwsCode(() => verify(t, CERT, { when: 1 }), TypeError, 'invalid_argument')
  throwsCode(() => verify(t, CERT, { now: -1 }), RangeError, 'value_out_of_range')
  // A wildcard RTC token (uid 0) admits any uid.
  const w = RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'room', 0, 1, 600, 600, FIXED)
  verify(w, CERT, { channel: 'room', uid: 12345, now: 1111111 + 1 })
  // 006 tokens sign the channel and uid.
  const o = legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'room', 7, 1, 0, { salt: 1, now: 1 })
  verify(o, CERT, { channel: 'room', uid: 7, now: 2 })
  throwsCode(() => verify(o, CERT, { channel: 'room', uid: 8 }), Error, 'crc_mismatch')
  // Without `now` expiry is checked at the clock: a token issued in 1970 has expired.
  throwsCode(() => verify(o, CERT, { channel: 'room', uid: 7 }), Error, 'expired')
  throwsCode(() => verify(t, CERT, { user: 'alice' }), Error, 'expired')
  const fresh = RtmTokenBuilder.buildToken(ID, CERT, 'alice', 600)
  assert.equal(verify(fresh, CERT, { user: 'alice' }).token.services[0].user_id, 'alice')
})

test('lone surrogates are refused, not replaced', () => {
  throwsCode(() => RtmTokenBuilder.buildToken(ID, CERT, 'a\ud800', 600), TypeError, 'invalid_argument')
  throwsCode(
    () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'room\udc00', 1, 1, 600, 600),
    TypeError,
    'invalid_argument',
  )
  throwsCode(
    () => RtcTokenBuilder.buildTokenWithUserAccount(ID, CERT, 'room', '\ud800x', 1, 600, 600),
    TypeError,
    'invalid_argument',
  )
  // A well-formed astral character is fine.
  RtmTokenBuilder.buildToken(ID, CERT, 'a\u{1F600}', 600)
})

test('parse rejects malformed tokens with the core codes', () => {
  throwsCode(() => parse('007abc'), Error, 'bad_base64')
  throwsCode(() => parse('008abc'), Error, 'bad_version')
  throwsCode(() => parse(''), Error, 'bad_version')
  throwsCode(() => parse(7), TypeError, 'invalid_argument', 'token')
})

test('works in worker threads (the addon is context-aware)', async () => {
  const { Worker } = require('node:worker_threads')
  const code = `
    const { parentPort } = require('node:worker_threads')
    const { RtmTokenBuilder } = require(${JSON.stringify(require.resolve('..'))})
    parentPort.postMessage(RtmTokenBuilder.buildToken(${JSON.stringify(ID)}, ${JSON.stringify(CERT)}, 'w', 600, { salt: 3, issueTs: 4 }))
  `
  const results = await Promise.all(
    [0, 1].map(
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(code, { eval: true })
          w.once('message', resolve)
          w.once('error', reject)
        }),
    ),
  )
  const here = RtmTokenBuilder.buildToken(ID, CERT, 'w', 600, { salt: 3, issueTs: 4 })
  assert.deepEqual(results, [here, here])
})
