<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * 007 RTC tokens, with the names, argument order and role constants of the
 * official PHP RtcTokenBuilder2.
 *
 * Expiries are lifetimes in seconds from the issue time (0 for a privilege:
 * no limit), u32. A failure throws instead of returning "" as the reference
 * does; see {@see Exception\AgoraTokenException}. The last parameter,
 * `$options`, fixes salt and issue time (default: random salt, the clock).
 *
 * ```php
 * $token = RtcTokenBuilder2::buildTokenWithUid($appId, $appCertificate, 'room', 42,
 *     RtcTokenBuilder2::ROLE_PUBLISHER, 3600, 3600);
 * ```
 *
 * Differences from the reference, on purpose (issue #6): integer uid 0 is
 * the wildcard "" (the PHP reference wrote "0"; every other language
 * writes ""); -1, 2^32 or other out-of-range expiries are refused instead of
 * wrapped; a channel name over 65 535 bytes is refused instead of producing a
 * corrupt token; a non-string channel name is a type error.
 */
final class RtcTokenBuilder2
{
    /** All four privileges: join, publish audio, video and data streams. */
    public const ROLE_PUBLISHER = 1;
    /** Join only (reduced rights only when co-host authentication is on). */
    public const ROLE_SUBSCRIBER = 2;

    /**
     * @param string $appId 32 hex characters
     * @param string $appCertificate 32 hex characters
     * @param string $channelName at most 65 535 bytes
     * @param int|string $uid int 0..4 294 967 295 (0: any user), or a string used verbatim
     * @param int $role ROLE_PUBLISHER or ROLE_SUBSCRIBER; any other value gives join only
     * @param int $tokenExpire token lifetime, seconds
     * @param int $privilegeExpire privilege lifetime, seconds, 0 = no limit
     */
    public static function buildTokenWithUid(
        mixed $appId,
        mixed $appCertificate,
        mixed $channelName,
        mixed $uid,
        mixed $role,
        mixed $tokenExpire,
        mixed $privilegeExpire = 0,
        ?Options $options = null,
    ): string {
        if (\is_string($uid)) {
            return self::buildTokenWithUserAccount(
                $appId,
                $appCertificate,
                $channelName,
                $uid,
                $role,
                $tokenExpire,
                $privilegeExpire,
                $options,
            );
        }
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        if (!\is_int($uid)) {
            throw Arg::typeError('uid', 'an int or a string', $uid);
        }
        $n = Native::get();
        return $n->text(
            'agora_token_rtc_build_with_uid',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            Arg::u32($uid, 'uid'),
            Arg::role($role, 'role'),
            Arg::u32($tokenExpire, 'tokenExpire'),
            Arg::u32($privilegeExpire, 'privilegeExpire'),
            $n->options($options),
        );
    }

    /**
     * As {@see buildTokenWithUid} for a user account (a string used
     * verbatim; an int is written as its decimal text, 0 as "").
     */
    public static function buildTokenWithUserAccount(
        mixed $appId,
        mixed $appCertificate,
        mixed $channelName,
        mixed $account,
        mixed $role,
        mixed $tokenExpire,
        mixed $privilegeExpire = 0,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        $account = Arg::identity($account, 'account');
        $n = Native::get();
        return $n->text(
            'agora_token_rtc_build_with_user_account',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            $account,
            \strlen($account),
            Arg::role($role, 'role'),
            Arg::u32($tokenExpire, 'tokenExpire'),
            Arg::u32($privilegeExpire, 'privilegeExpire'),
            $n->options($options),
        );
    }

    /**
     * All four RTC privileges, each with its own lifetime (seconds, 0 = no
     * limit), whatever the role (there is none).
     */
    public static function buildTokenWithUidAndPrivilege(
        mixed $appId,
        mixed $appCertificate,
        mixed $channelName,
        mixed $uid,
        mixed $tokenExpire,
        mixed $joinChannelPrivilegeExpire,
        mixed $pubAudioPrivilegeExpire,
        mixed $pubVideoPrivilegeExpire,
        mixed $pubDataStreamPrivilegeExpire,
        ?Options $options = null,
    ): string {
        if (\is_string($uid)) {
            return self::buildTokenWithUserAccountAndPrivilege(
                $appId,
                $appCertificate,
                $channelName,
                $uid,
                $tokenExpire,
                $joinChannelPrivilegeExpire,
                $pubAudioPrivilegeExpire,
                $pubVideoPrivilegeExpire,
                $pubDataStreamPrivilegeExpire,
                $options,
            );
        }
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        if (!\is_int($uid)) {
            throw Arg::typeError('uid', 'an int or a string', $uid);
        }
        $n = Native::get();
        return $n->text(
            'agora_token_rtc_build_with_uid_and_privilege',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            Arg::u32($uid, 'uid'),
            Arg::u32($tokenExpire, 'tokenExpire'),
            Arg::u32($joinChannelPrivilegeExpire, 'joinChannelPrivilegeExpire'),
            Arg::u32($pubAudioPrivilegeExpire, 'pubAudioPrivilegeExpire'),
            Arg::u32($pubVideoPrivilegeExpire, 'pubVideoPrivilegeExpire'),
            Arg::u32($pubDataStreamPrivilegeExpire, 'pubDataStreamPrivilegeExpire'),
            $n->options($options),
        );
    }

    /**
     * As {@see buildTokenWithUidAndPrivilege} for a user account.
     */
    public static function buildTokenWithUserAccountAndPrivilege(
        mixed $appId,
        mixed $appCertificate,
        mixed $channelName,
        mixed $account,
        mixed $tokenExpire,
        mixed $joinChannelPrivilegeExpire,
        mixed $pubAudioPrivilegeExpire,
        mixed $pubVideoPrivilegeExpire,
        mixed $pubDataStreamPrivilegeExpire,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        $account = Arg::identity($account, 'account');
        $n = Native::get();
        return $n->text(
            'agora_token_rtc_build_with_user_account_and_privilege',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            $account,
            \strlen($account),
            Arg::u32($tokenExpire, 'tokenExpire'),
            Arg::u32($joinChannelPrivilegeExpire, 'joinChannelPrivilegeExpire'),
            Arg::u32($pubAudioPrivilegeExpire, 'pubAudioPrivilegeExpire'),
            Arg::u32($pubVideoPrivilegeExpire, 'pubVideoPrivilegeExpire'),
            Arg::u32($pubDataStreamPrivilegeExpire, 'pubDataStreamPrivilegeExpire'),
            $n->options($options),
        );
    }

    /**
     * RTC for `$account` plus RTM for the same account as user id, whose
     * privilege lasts `$tokenExpire`. `$account` is text only here: it is
     * also the RTM user id, which has no numeric form.
     */
    public static function buildTokenWithRtm(
        mixed $appId,
        mixed $appCertificate,
        mixed $channelName,
        mixed $account,
        mixed $role,
        mixed $tokenExpire,
        mixed $privilegeExpire = 0,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        $account = Arg::text($account, 'account');
        $n = Native::get();
        return $n->text(
            'agora_token_rtc_build_with_rtm',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            $account,
            \strlen($account),
            Arg::role($role, 'role'),
            Arg::u32($tokenExpire, 'tokenExpire'),
            Arg::u32($privilegeExpire, 'privilegeExpire'),
            $n->options($options),
        );
    }

    /**
     * RTC with four privilege lifetimes plus RTM (service type 2) for
     * `$rtmUserId` with its own lifetime. `$rtcAccount` takes an int
     * (decimal text, 0 = any user) or a string; `$rtmUserId` is text only.
     */
    public static function buildTokenWithRtm2(
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
        return self::twelve('agora_token_rtc_build_with_rtm2', [
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

    /**
     * The twelve-argument builders (RTC + RTM, and ConvoAI / STT on top).
     *
     * @param array{mixed, mixed, mixed, mixed, mixed, mixed, mixed, mixed, mixed, mixed, mixed, mixed, ?Options} $a
     * @internal
     */
    public static function twelve(string $function, array $a): string
    {
        $appId = Arg::text($a[0], 'appId');
        $appCertificate = Arg::text($a[1], 'appCertificate');
        $channelName = Arg::text($a[2], 'channelName');
        $rtcAccount = Arg::identity($a[3], 'rtcAccount');
        $rtmUserId = Arg::text($a[10], 'rtmUserId');
        $options = $a[12];
        $n = Native::get();
        return $n->text(
            $function,
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            $rtcAccount,
            \strlen($rtcAccount),
            Arg::role($a[4], 'rtcRole'),
            Arg::u32($a[5], 'rtcTokenExpire'),
            Arg::u32($a[6], 'joinChannelPrivilegeExpire'),
            Arg::u32($a[7], 'pubAudioPrivilegeExpire'),
            Arg::u32($a[8], 'pubVideoPrivilegeExpire'),
            Arg::u32($a[9], 'pubDataStreamPrivilegeExpire'),
            $rtmUserId,
            \strlen($rtmUserId),
            Arg::u32($a[11], 'rtmTokenExpire'),
            $n->options($options),
        );
    }
}
