<?php

declare(strict_types=1);

namespace Agora\Token\Tests;

use Agora\Token\ApaasTokenBuilder;
use Agora\Token\ChatTokenBuilder2;
use Agora\Token\ConvoAITokenBuilder;
use Agora\Token\EducationTokenBuilder;
use Agora\Token\FpaTokenBuilder;
use Agora\Token\Options;
use Agora\Token\RtcTokenBuilder;
use Agora\Token\RtcTokenBuilder2;
use Agora\Token\Rtm2Permissions;
use Agora\Token\RtmTokenBuilder;
use Agora\Token\RtmTokenBuilder2;
use Agora\Token\SttTokenBuilder;
use Agora\Token\Token;

/**
 * A vector's build call made through the public PHP classes, argument by
 * argument in the official order. Only the two low-level calls, which have
 * no builder class, go through Token::buildCall().
 */
final class Api
{
    /**
     * @param array<string, mixed> $in
     * @param array<string, int>|null $fixed
     */
    public static function build(string $call, array $in, ?array $fixed): string
    {
        $o = $fixed === null ? null : new Options($fixed['salt'] ?? null, $fixed['issue_ts'] ?? $fixed['now'] ?? null);
        $id = $in['app_id'];
        $cert = $in['app_certificate'];
        $twelve = static fn (): array => [
            $id,
            $cert,
            $in['channel_name'],
            $in['rtc_account'],
            $in['rtc_role'],
            $in['rtc_token_expire'],
            $in['join_channel_privilege_expire'],
            $in['pub_audio_privilege_expire'],
            $in['pub_video_privilege_expire'],
            $in['pub_data_stream_privilege_expire'],
            $in['rtm_user_id'],
            $in['rtm_token_expire'],
            $o,
        ];
        return match ($call) {
            'AccessToken006', 'AccessToken2' => Token::buildCall($call, $in, $fixed),
            'RtcTokenBuilder.buildTokenWithUid' => RtcTokenBuilder::buildTokenWithUid(
                $id,
                $cert,
                $in['channel_name'],
                $in['uid'],
                $in['role'],
                $in['privilege_expired_ts'],
                $o,
            ),
            'RtcTokenBuilder.buildTokenWithUserAccount' => RtcTokenBuilder::buildTokenWithUserAccount(
                $id,
                $cert,
                $in['channel_name'],
                $in['account'],
                $in['role'],
                $in['privilege_expired_ts'],
                $o,
            ),
            'RtmTokenBuilder.buildToken' => RtmTokenBuilder::buildToken(
                $id,
                $cert,
                $in['user_account'],
                $in['role'],
                $in['privilege_expired_ts'],
                $o,
            ),
            'RtcTokenBuilder2.buildTokenWithUid' => RtcTokenBuilder2::buildTokenWithUid(
                $id,
                $cert,
                $in['channel_name'],
                $in['uid'],
                $in['role'],
                $in['token_expire'],
                $in['privilege_expire'],
                $o,
            ),
            'RtcTokenBuilder2.buildTokenWithUserAccount' => RtcTokenBuilder2::buildTokenWithUserAccount(
                $id,
                $cert,
                $in['channel_name'],
                $in['account'],
                $in['role'],
                $in['token_expire'],
                $in['privilege_expire'],
                $o,
            ),
            'RtcTokenBuilder2.buildTokenWithUidAndPrivilege' => RtcTokenBuilder2::buildTokenWithUidAndPrivilege(
                $id,
                $cert,
                $in['channel_name'],
                $in['uid'],
                $in['token_expire'],
                $in['join_channel_privilege_expire'],
                $in['pub_audio_privilege_expire'],
                $in['pub_video_privilege_expire'],
                $in['pub_data_stream_privilege_expire'],
                $o,
            ),
            'RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege' =>
                RtcTokenBuilder2::buildTokenWithUserAccountAndPrivilege(
                    $id,
                    $cert,
                    $in['channel_name'],
                    $in['account'],
                    $in['token_expire'],
                    $in['join_channel_privilege_expire'],
                    $in['pub_audio_privilege_expire'],
                    $in['pub_video_privilege_expire'],
                    $in['pub_data_stream_privilege_expire'],
                    $o,
                ),
            'RtcTokenBuilder2.buildTokenWithRtm' => RtcTokenBuilder2::buildTokenWithRtm(
                $id,
                $cert,
                $in['channel_name'],
                $in['account'],
                $in['role'],
                $in['token_expire'],
                $in['privilege_expire'],
                $o,
            ),
            'RtcTokenBuilder2.buildTokenWithRtm2' => RtcTokenBuilder2::buildTokenWithRtm2(...$twelve()),
            'ConvoAITokenBuilder.buildToken' => ConvoAITokenBuilder::buildToken(...$twelve()),
            'SttTokenBuilder.buildToken' => SttTokenBuilder::buildToken(...$twelve()),
            'RtmTokenBuilder2.buildToken' => RtmTokenBuilder2::buildToken(
                $id,
                $cert,
                $in['user_id'],
                $in['expire'],
                $o,
            ),
            'RtmTokenBuilder2.buildTokenWithPermissions' => RtmTokenBuilder2::buildTokenWithPermissions(
                $id,
                $cert,
                $in['user_id'],
                Rtm2Permissions::fromArray($in['permissions']),
                $in['expire'],
                $o,
            ),
            'ChatTokenBuilder2.buildUserToken' => ChatTokenBuilder2::buildUserToken(
                $id,
                $cert,
                $in['user_id'],
                $in['expire'],
                $o,
            ),
            'ChatTokenBuilder2.buildAppToken' => ChatTokenBuilder2::buildAppToken($id, $cert, $in['expire'], $o),
            'FpaTokenBuilder.buildToken' => FpaTokenBuilder::buildToken($id, $cert, $o),
            'ApaasTokenBuilder.buildRoomUserToken' => ApaasTokenBuilder::buildRoomUserToken(
                $id,
                $cert,
                $in['room_uuid'],
                $in['user_uuid'],
                $in['role'],
                $in['expire'],
                $o,
            ),
            'EducationTokenBuilder2.buildRoomUserToken' => EducationTokenBuilder::buildRoomUserToken(
                $id,
                $cert,
                $in['room_uuid'],
                $in['user_uuid'],
                $in['role'],
                $in['expire'],
                $o,
            ),
            'ApaasTokenBuilder.buildUserToken' => ApaasTokenBuilder::buildUserToken(
                $id,
                $cert,
                $in['user_uuid'],
                $in['expire'],
                $o,
            ),
            'EducationTokenBuilder2.buildUserToken' => EducationTokenBuilder::buildUserToken(
                $id,
                $cert,
                $in['user_uuid'],
                $in['expire'],
                $o,
            ),
            'ApaasTokenBuilder.buildAppToken' => ApaasTokenBuilder::buildAppToken($id, $cert, $in['expire'], $o),
            'EducationTokenBuilder2.buildAppToken' => EducationTokenBuilder::buildAppToken(
                $id,
                $cert,
                $in['expire'],
                $o,
            ),
            default => throw new \LogicException("no PHP call for vector call $call"),
        };
    }
}
