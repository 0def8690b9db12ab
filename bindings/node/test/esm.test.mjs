// ESM users: named imports of the CommonJS entry points work.
import test from 'node:test'
import assert from 'node:assert/strict'
import { RtcTokenBuilder, RtcRole, legacy, parse, verify } from 'agora-token-rs'
import { RtmTokenBuilder as LegacyRtm, RtmRole } from 'agora-token-rs/legacy'
import cjs from 'agora-token-rs'

test('named ESM imports are the CommonJS exports', () => {
  assert.equal(RtcTokenBuilder, cjs.RtcTokenBuilder)
  assert.equal(LegacyRtm, legacy.RtmTokenBuilder)
  const id = '970CA35de60c44645bbae8a215061b33'
  const cert = '5CFd2fd1755d40ecb72977518be15d3b'
  const t = RtcTokenBuilder.buildTokenWithUid(id, cert, 'room', 0, RtcRole.PUBLISHER, 600, 600)
  assert.equal(parse(t).services[0].channel_name, 'room')
  verify(t, cert, { channel: 'room', uid: 5 })
  const o = LegacyRtm.buildToken(id, cert, 'alice', RtmRole.Rtm_User, 0)
  verify(o, cert, { user: 'alice' })
})
