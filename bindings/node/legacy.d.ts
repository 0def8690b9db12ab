// Typings of `require('agora-token-rs/legacy')`: the `legacy` export of the
// package root, shaped like npm agora-access-token.
import { legacy } from './index'

export declare const RtcTokenBuilder: (typeof legacy)['RtcTokenBuilder']
export declare const RtmTokenBuilder: (typeof legacy)['RtmTokenBuilder']
export declare const RtcRole: (typeof legacy)['RtcRole']
export declare const RtmRole: (typeof legacy)['RtmRole']
