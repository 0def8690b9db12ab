// Compiled by `npm run typecheck` (the typings must accept the documented
// calls and reject the wrong ones marked @ts-expect-error), then run by
// `npm run typecheck` from its JavaScript output, so that the typed calls
// also work at run time.
import {
  AgoraTokenError,
  ApaasTokenBuilder,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  Decoded,
  EducationTokenBuilder,
  FpaTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  Rtm2Permissions,
  RtmTokenBuilder,
  SttTokenBuilder,
  Verified,
  buildCall,
  legacy,
  parse,
  verify,
} from 'agora-token-rs'

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'

const rtc: string = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 0, RtcRole.PUBLISHER, 3600, 3600)
RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, RtcRole.SUBSCRIBER, 3600)
RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, 'room', 'alice', 1, 3600, 0, { salt: 1, issueTs: 1111111 })
RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, 'room', 1, 600, 600, 600, 600, 600)
RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, 'room', 'a', 600, 600, 600, 600, 600)
RtcTokenBuilder.buildTokenWithRtm(appId, cert, 'room', 'alice', 1, 600)
RtcTokenBuilder.buildTokenWithRtm2(appId, cert, 'room', 7, 1, 600, 600, 600, 600, 600, 'alice', 600)
ConvoAITokenBuilder.buildToken(appId, cert, 'room', 7, 1, 600, 600, 600, 600, 600, 'agent', 600)
SttTokenBuilder.buildToken(appId, cert, 'room', 7, 1, 600, 600, 600, 600, 600, 'stt', 600, { salt: 5 })

const perms = new Rtm2Permissions()
perms.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kRead, ['lobby'])
RtmTokenBuilder.buildToken(appId, cert, 'alice', 3600)
RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', perms, 3600)
ChatTokenBuilder.buildUserToken(appId, cert, 'alice', 600)
ChatTokenBuilder.buildAppToken(appId, cert, 600)
FpaTokenBuilder.buildToken(appId, cert)
ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room', 'user', 1, 600)
EducationTokenBuilder.buildUserToken(appId, cert, 'user', 600)
EducationTokenBuilder.buildAppToken(appId, cert, 600)

const now = Math.floor(Date.now() / 1000)
legacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 0, legacy.RtcRole.PUBLISHER, now + 3600)
legacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, 'room', 'alice', legacy.RtcRole.ATTENDEE, now + 3600)
legacy.RtmTokenBuilder.buildToken(appId, cert, 'alice', legacy.RtmRole.Rtm_User, now + 3600, { salt: 1, now })

const d: Decoded = parse(rtc)
if (d.version === '007') {
  const ch: string | undefined = d.services[0].channel_name
  void ch
} else {
  const crc: number = d.crc_uid
  void crc
}
const v: Verified = verify(rtc, cert, { channel: 'room', uid: 0, now })
const expires: number = v.expiresAt
void expires
buildCall(
  'RtmTokenBuilder2.buildToken',
  { app_id: appId, app_certificate: cert, user_id: 'a', expire: 1 },
  { salt: 1, issue_ts: 1 },
)

try {
  parse('007abc')
} catch (e) {
  const code: AgoraTokenError['code'] = (e as AgoraTokenError).code
  void code
}

// The agora-access-token drop-in entry point.
import * as accessToken from 'agora-token-rs/legacy'
accessToken.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 0, accessToken.RtcRole.PUBLISHER, now + 3600)
accessToken.RtmTokenBuilder.buildToken(appId, cert, 'alice', accessToken.RtmRole.Rtm_User, now + 3600)

// Type errors only: never called.
export function wrongCalls(): void {
  // @ts-expect-error RTM user ids are text only
  RtmTokenBuilder.buildToken(appId, cert, 12345, 3600)
  // @ts-expect-error rtmUserId is text only
  ConvoAITokenBuilder.buildToken(appId, cert, 'room', 7, 1, 600, 600, 600, 600, 600, 42, 600)
  // @ts-expect-error the options of a 007 builder take issueTs, not now
  RtmTokenBuilder.buildToken(appId, cert, 'alice', 3600, { now: 1 })
  // @ts-expect-error the channel name is a string
  RtcTokenBuilder.buildTokenWithUid(appId, cert, 5, 0, 1, 600)
  // @ts-expect-error verify takes no such expectation
  verify(rtc, cert, { when: 1 })
}

console.log('typed example ran')
