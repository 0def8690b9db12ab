<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * 007 Chat tokens, with the names and argument order of the official PHP
 * ChatTokenBuilder2.
 */
final class ChatTokenBuilder2
{
    /** Chat user token for `$userId` (text), valid `$expire` seconds. */
    public static function buildUserToken(
        mixed $appId,
        mixed $appCertificate,
        mixed $userId,
        mixed $expire,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $userId = Arg::text($userId, 'userId');
        $n = Native::get();
        return $n->text(
            'agora_token_chat_build_user',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $userId,
            \strlen($userId),
            Arg::u32($expire, 'expire'),
            $n->options($options),
        );
    }

    /** Chat app (administrator) token, valid `$expire` seconds. */
    public static function buildAppToken(
        mixed $appId,
        mixed $appCertificate,
        mixed $expire,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $n = Native::get();
        return $n->text(
            'agora_token_chat_build_app',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            Arg::u32($expire, 'expire'),
            $n->options($options),
        );
    }
}
