<?php

declare(strict_types=1);

namespace Agora\Token;

/**
 * 007 RTC + RTM + ConvoAI (conversational AI agent, service type 9) tokens. The official PHP code has no
 * such builder; the name and the twelve arguments are those of npm
 * agora-token 2.0.6 (and of {@see RtcTokenBuilder2::buildTokenWithRtm2}).
 * `$rtcAccount` takes an int (decimal text, 0 = any user) or a string;
 * `$rtmUserId` is text only.
 */
final class ConvoAITokenBuilder
{
    public static function buildToken(
        mixed $appId,
        mixed $appCertificate,
        mixed $channelName,
        mixed $rtcAccount,
        mixed $rtcRole,
        mixed $rtcTokenExpire,
        mixed $joinChannelPrivilegeExpire,
        mixed $pubAudioPrivilegeExpire,
        mixed $pubVideoPrivilegeExpire,
        mixed $pubDataStreamPrivilegeExpire,
        mixed $rtmUserId,
        mixed $rtmTokenExpire,
        ?Options $options = null,
    ): string {
        return RtcTokenBuilder2::twelve('agora_token_convoai_build', [
            $appId,
            $appCertificate,
            $channelName,
            $rtcAccount,
            $rtcRole,
            $rtcTokenExpire,
            $joinChannelPrivilegeExpire,
            $pubAudioPrivilegeExpire,
            $pubVideoPrivilegeExpire,
            $pubDataStreamPrivilegeExpire,
            $rtmUserId,
            $rtmTokenExpire,
            $options,
        ]);
    }
}
