<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * Legacy 006 RTC tokens, with the names, argument order and role constants
 * of the official PHP RtcTokenBuilder (006). Prefer {@see RtcTokenBuilder2}.
 *
 * `$privilegeExpireTs` is an ABSOLUTE Unix time (u32; 0 = never), unlike the
 * 007 lifetimes. Every role except RoleSubscriber (and any unknown value)
 * gets the publish privileges too. The token's own timestamp is "now" +
 * 24 h; `$options->issueTs` fixes "now".
 */
final class RtcTokenBuilder
{
    /** Deprecated alias of RolePublisher. */
    public const RoleAttendee = 0;
    public const RolePublisher = 1;
    public const RoleSubscriber = 2;
    /** Deprecated alias of RolePublisher. */
    public const RoleAdmin = 101;

    /**
     * @param int|string $uid int 0..4 294 967 295 (0: any user), or a string used verbatim
     */
    public static function buildTokenWithUid(
        mixed $appID,
        mixed $appCertificate,
        mixed $channelName,
        mixed $uid,
        mixed $role,
        mixed $privilegeExpireTs,
        ?Options $options = null,
    ): string {
        if (\is_string($uid)) {
            return self::buildTokenWithUserAccount(
                $appID,
                $appCertificate,
                $channelName,
                $uid,
                $role,
                $privilegeExpireTs,
                $options,
            );
        }
        $appID = Arg::text($appID, 'appID');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        if (!\is_int($uid)) {
            throw Arg::typeError('uid', 'an int or a string', $uid);
        }
        $n = Native::get();
        return $n->text(
            'agora_token_rtc006_build_with_uid',
            $appID,
            \strlen($appID),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            Arg::u32($uid, 'uid'),
            Arg::role($role, 'role'),
            Arg::u32($privilegeExpireTs, 'privilegeExpireTs'),
            $n->options($options),
        );
    }

    /**
     * @param int|string $userAccount a string used verbatim; an int is written as its decimal text, 0 as ""
     */
    public static function buildTokenWithUserAccount(
        mixed $appID,
        mixed $appCertificate,
        mixed $channelName,
        mixed $userAccount,
        mixed $role,
        mixed $privilegeExpireTs,
        ?Options $options = null,
    ): string {
        $appID = Arg::text($appID, 'appID');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $channelName = Arg::text($channelName, 'channelName');
        $userAccount = Arg::identity($userAccount, 'userAccount');
        $n = Native::get();
        return $n->text(
            'agora_token_rtc006_build_with_account',
            $appID,
            \strlen($appID),
            $appCertificate,
            \strlen($appCertificate),
            $channelName,
            \strlen($channelName),
            $userAccount,
            \strlen($userAccount),
            Arg::role($role, 'role'),
            Arg::u32($privilegeExpireTs, 'privilegeExpireTs'),
            $n->options($options),
        );
    }
}
