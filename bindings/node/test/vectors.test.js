'use strict'

// Every shared vector through the public JS API: builds byte for byte at the
// vector's fixed salt and time, parsed fields, verification, and the error
// code of every negative vector.

const test = require('node:test')
const assert = require('node:assert/strict')

const agora = require('..')
const { allVectors, payloadHex } = require('./helpers')

const {
  RtcTokenBuilder,
  RtmTokenBuilder,
  Rtm2Permissions,
  ChatTokenBuilder,
  FpaTokenBuilder,
  EducationTokenBuilder,
  ApaasTokenBuilder,
  ConvoAITokenBuilder,
  SttTokenBuilder,
  legacy,
  parse,
  verify,
  verifySignature,
  buildCall,
} = agora

function permissions(list) {
  const p = new Rtm2Permissions()
  for (const e of list) p.add(e.resource_type, e.permission_type, e.resources)
  return p
}

const rtm2Args = (i) => [
  i.app_id,
  i.app_certificate,
  i.channel_name,
  i.rtc_account,
  i.rtc_role,
  i.rtc_token_expire,
  i.join_channel_privilege_expire,
  i.pub_audio_privilege_expire,
  i.pub_video_privilege_expire,
  i.pub_data_stream_privilege_expire,
  i.rtm_user_id,
  i.rtm_token_expire,
]

const fourLifetimes = (i) => [
  i.token_expire,
  i.join_channel_privilege_expire,
  i.pub_audio_privilege_expire,
  i.pub_video_privilege_expire,
  i.pub_data_stream_privilege_expire,
]

// The vector call name -> the same call through the JS API. `o` is the
// trailing options object.
const CALLS = {
  'RtcTokenBuilder2.buildTokenWithUid': (i, o) =>
    RtcTokenBuilder.buildTokenWithUid(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.uid,
      i.role,
      i.token_expire,
      i.privilege_expire,
      o,
    ),
  'RtcTokenBuilder2.buildTokenWithUserAccount': (i, o) =>
    RtcTokenBuilder.buildTokenWithUserAccount(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.account,
      i.role,
      i.token_expire,
      i.privilege_expire,
      o,
    ),
  'RtcTokenBuilder2.buildTokenWithUidAndPrivilege': (i, o) =>
    RtcTokenBuilder.buildTokenWithUidAndPrivilege(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.uid,
      ...fourLifetimes(i),
      o,
    ),
  'RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege': (i, o) =>
    RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.account,
      ...fourLifetimes(i),
      o,
    ),
  'RtcTokenBuilder2.buildTokenWithRtm': (i, o) =>
    RtcTokenBuilder.buildTokenWithRtm(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.account,
      i.role,
      i.token_expire,
      i.privilege_expire,
      o,
    ),
  'RtcTokenBuilder2.buildTokenWithRtm2': (i, o) => RtcTokenBuilder.buildTokenWithRtm2(...rtm2Args(i), o),
  'ConvoAITokenBuilder.buildToken': (i, o) => ConvoAITokenBuilder.buildToken(...rtm2Args(i), o),
  'SttTokenBuilder.buildToken': (i, o) => SttTokenBuilder.buildToken(...rtm2Args(i), o),
  'RtmTokenBuilder2.buildToken': (i, o) =>
    RtmTokenBuilder.buildToken(i.app_id, i.app_certificate, i.user_id, i.expire, o),
  'RtmTokenBuilder2.buildTokenWithPermissions': (i, o) =>
    RtmTokenBuilder.buildTokenWithPermissions(
      i.app_id,
      i.app_certificate,
      i.user_id,
      permissions(i.permissions),
      i.expire,
      o,
    ),
  'ChatTokenBuilder2.buildUserToken': (i, o) =>
    ChatTokenBuilder.buildUserToken(i.app_id, i.app_certificate, i.user_id, i.expire, o),
  'ChatTokenBuilder2.buildAppToken': (i, o) => ChatTokenBuilder.buildAppToken(i.app_id, i.app_certificate, i.expire, o),
  'FpaTokenBuilder.buildToken': (i, o) => FpaTokenBuilder.buildToken(i.app_id, i.app_certificate, o),
  'EducationTokenBuilder2.buildRoomUserToken': (i, o) =>
    EducationTokenBuilder.buildRoomUserToken(
      i.app_id,
      i.app_certificate,
      i.room_uuid,
      i.user_uuid,
      i.role,
      i.expire,
      o,
    ),
  'EducationTokenBuilder2.buildUserToken': (i, o) =>
    EducationTokenBuilder.buildUserToken(i.app_id, i.app_certificate, i.user_uuid, i.expire, o),
  'EducationTokenBuilder2.buildAppToken': (i, o) =>
    EducationTokenBuilder.buildAppToken(i.app_id, i.app_certificate, i.expire, o),
  'ApaasTokenBuilder.buildRoomUserToken': (i, o) =>
    ApaasTokenBuilder.buildRoomUserToken(i.app_id, i.app_certificate, i.room_uuid, i.user_uuid, i.role, i.expire, o),
  'ApaasTokenBuilder.buildUserToken': (i, o) =>
    ApaasTokenBuilder.buildUserToken(i.app_id, i.app_certificate, i.user_uuid, i.expire, o),
  'ApaasTokenBuilder.buildAppToken': (i, o) =>
    ApaasTokenBuilder.buildAppToken(i.app_id, i.app_certificate, i.expire, o),
  // 006, agora-access-token's names.
  'RtcTokenBuilder.buildTokenWithUid': (i, o) =>
    legacy.RtcTokenBuilder.buildTokenWithUid(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.uid,
      i.role,
      i.privilege_expired_ts,
      o,
    ),
  'RtcTokenBuilder.buildTokenWithUserAccount': (i, o) =>
    legacy.RtcTokenBuilder.buildTokenWithAccount(
      i.app_id,
      i.app_certificate,
      i.channel_name,
      i.account,
      i.role,
      i.privilege_expired_ts,
      o,
    ),
  'RtmTokenBuilder.buildToken': (i, o) =>
    legacy.RtmTokenBuilder.buildToken(i.app_id, i.app_certificate, i.user_account, i.role, i.privilege_expired_ts, o),
}

function run(v) {
  if (v.call === 'AccessToken2' || v.call === 'AccessToken006') return buildCall(v.call, v.inputs, v.fixed)
  const f = CALLS[v.call]
  assert.ok(f, `${v.name}: no JS mapping for call ${v.call}`)
  let o
  if (v.fixed) {
    o =
      v.format === '006' ? { salt: v.fixed.salt, now: v.fixed.now } : { salt: v.fixed.salt, issueTs: v.fixed.issue_ts }
  }
  return f(v.inputs, o)
}

// The decoded object a parser reports: the vector's minus the 006 signed
// strings; trailing_payload_bytes only where the vector has it.
function compareDecoded(name, ours, theirs) {
  const want = { ...theirs }
  delete want.signed_channel_name
  delete want.signed_uid
  const got = { ...ours }
  if (!('trailing_payload_bytes' in want)) delete got.trailing_payload_bytes
  assert.deepStrictEqual(got, want, `${name}: decoded differs`)
}

const HEX32 = /^[0-9a-fA-F]{32}$/

function expectVerifyFailure(name, fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, `${name}: must throw an Error`)
    assert.equal(e.code, code, `${name}: ${e.message}`)
    return true
  })
}

function checkBuild(v) {
  const token = run(v)
  assert.equal(token, v.expected.token, `${v.name}: token differs`)
  assert.equal(
    payloadHex(token),
    v.format === '007' ? v.expected.uncompressed_hex : v.expected.content_hex,
    `${v.name}: payload`,
  )
  compareDecoded(v.name, parse(token), v.decoded)
  const cert = v.inputs.app_certificate
  const expect = v.format === '006' ? { channel: v.decoded.signed_channel_name, uid: v.decoded.signed_uid } : {}
  const r = verifySignature(token, cert, expect)
  assert.ok(r.signatureValid && r.crcMatch !== false, `${v.name}: must verify`)
  for (const [lang, tok] of Object.entries(v.variant_tokens || {})) {
    const p = parse(tok)
    if (v.cross_implementation[lang] === 'same_payload_different_deflate')
      compareDecoded(`${v.name}/${lang}`, p, v.decoded)
    if (v.format === '007') assert.ok(verifySignature(tok, cert).signatureValid, `${v.name}/${lang}`)
  }
}

function checkParse(v) {
  compareDecoded(v.name, parse(v.token), v.decoded)
  if (v.uncompressed_hex) assert.equal(payloadHex(v.token), v.uncompressed_hex, `${v.name}: payload`)
  for (const e of v.verify) {
    const expect = v.decoded.version === '006' ? { channel: e.channel_name, uid: e.uid } : {}
    const call = () => verify(v.token, e.certificate, expect)
    const ok = e.signature_valid && e.crc_match !== false
    if (ok) {
      const r = verifySignature(v.token, e.certificate, expect)
      assert.ok(r.signatureValid && r.crcMatch !== false, `${v.name}: must verify`)
    } else {
      const code = !HEX32.test(e.certificate)
        ? 'certificate_rejected'
        : e.crc_match === false
          ? 'crc_mismatch'
          : 'signature_mismatch'
      expectVerifyFailure(`${v.name} verify ${JSON.stringify(e)}`, call, code)
    }
  }
}

function checkReject(v) {
  assert.throws(
    () => parse(v.token),
    (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, v.expected.error, `${v.name}: ${e.message}`)
      return true
    },
  )
}

function checkVerifyFail(v) {
  parse(v.token)
  const x = v.expected
  const code = x.certificate_rejected
    ? 'certificate_rejected'
    : x.crc_channel_matches === false || x.crc_uid_matches === false
      ? 'crc_mismatch'
      : 'signature_mismatch'
  const expect = v.format === '006' ? { channel: v.channel_name, uid: v.uid } : {}
  expectVerifyFailure(v.name, () => verify(v.token, v.certificate, expect), code)
}

function checkBuildError(v) {
  let err
  try {
    const out = run(v)
    assert.fail(`${v.name}: must throw, returned ${JSON.stringify(out).slice(0, 80)}`)
  } catch (e) {
    err = e
  }
  assert.ok(err instanceof Error, `${v.name}: must throw an Error`)
  assert.equal(err.code, v.expected.error, `${v.name}: ${err.message}`)
  const cert = v.inputs.app_certificate
  if (cert.length > 4) assert.ok(!err.message.includes(cert), `${v.name}: certificate leaked into the message`)
}

const CHECKS = {
  build: checkBuild,
  parse: checkParse,
  reject: checkReject,
  verify_fail: checkVerifyFail,
  build_error: checkBuildError,
}

const vectors = allVectors()

test('the vector files hold 281 vectors', () => {
  assert.equal(vectors.length, 281)
})

for (const v of vectors) {
  test(`${v.kind} ${v.name}`, () => {
    const check = CHECKS[v.kind]
    assert.ok(check, `unknown kind ${v.kind}`)
    check(v)
  })
}
