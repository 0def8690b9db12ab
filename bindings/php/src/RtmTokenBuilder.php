<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * Legacy 006 RTM tokens, with the name, argument order and role constant of
 * the official PHP RtmTokenBuilder (006). Prefer {@see RtmTokenBuilder2}.
 *
 * `$userAccount` is text only: an int is a type error (the PHP reference
 * returned null for it and failed on the next call). `$role` must be an int
 * and is otherwise ignored, as in every reference. `$privilegeExpireTs` is
 * an ABSOLUTE Unix time (u32; 0 = never).
 */
final class RtmTokenBuilder
{
    public const RoleRtmUser = 1;

    public static function buildToken(
        mixed $appID,
        mixed $appCertificate,
        mixed $userAccount,
        mixed $role,
        mixed $privilegeExpireTs,
        ?Options $options = null,
    ): string {
        $appID = Arg::text($appID, 'appID');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $userAccount = Arg::text($userAccount, 'userAccount');
        Arg::role($role, 'role');
        $n = Native::get();
        return $n->text(
            'agora_token_rtm006_build',
            $appID,
            \strlen($appID),
            $appCertificate,
            \strlen($appCertificate),
            $userAccount,
            \strlen($userAccount),
            Arg::u32($privilegeExpireTs, 'privilegeExpireTs'),
            $n->options($options),
        );
    }
}
