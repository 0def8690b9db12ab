<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * 007 RTM tokens, with the names and argument order of the official PHP
 * RtmTokenBuilder2. The user id is text only: an int is a type error, where
 * the PHP reference's 006 builder returned null for it and died on the next
 * call (issue #6).
 *
 * ```php
 * $token = RtmTokenBuilder2::buildToken($appId, $appCertificate, 'alice', 3600);
 * ```
 */
final class RtmTokenBuilder2
{
    /**
     * RTM (service type 2) login for `$userId`, valid `$expire` seconds.
     *
     * @param string $userId at most 65 535 bytes
     * @param int $expire token and privilege lifetime, seconds (u32)
     */
    public static function buildToken(
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
            'agora_token_rtm_build',
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

    /**
     * RTM2 (service type 8) login for `$userId` with resource permissions.
     *
     * @param Rtm2Permissions|list<array<string, mixed>> $permissions the
     *   permissions, or arrays shaped as for Rtm2Permissions::fromArray()
     */
    public static function buildTokenWithPermissions(
        mixed $appId,
        mixed $appCertificate,
        mixed $userId,
        mixed $permissions,
        mixed $expire = 0,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $userId = Arg::text($userId, 'userId');
        if (\is_array($permissions)) {
            $permissions = Rtm2Permissions::fromArray($permissions);
        } elseif (!$permissions instanceof Rtm2Permissions) {
            throw Arg::typeError('permissions', 'an Rtm2Permissions or a list of arrays', $permissions);
        }
        $expire = Arg::u32($expire, 'expire');
        $n = Native::get();
        $entries = $permissions->entries();
        $count = \count($entries);
        // PHP-owned memory: the structs and every name buffer stay
        // referenced from $keep until the call returns.
        $keep = [];
        $list = null;
        if ($count > 0) {
            $list = $n->ffi->new("agora_token_rtm2_permission[$count]");
            foreach ($entries as $i => [$type, $perm, $names]) {
                $list[$i]->resource_type = $type;
                $list[$i]->permission_type = $perm;
                $m = \count($names);
                $list[$i]->resources_len = $m;
                if ($m > 0) {
                    $bytes = $n->ffi->new("agora_token_bytes[$m]");
                    foreach ($names as $k => $name) {
                        $buf = $n->buffer($name);
                        $keep[] = $buf;
                        $bytes[$k]->ptr = $n->ffi->cast('char *', $buf);
                        $bytes[$k]->len = \strlen($name);
                    }
                    $keep[] = $bytes;
                    $list[$i]->resources = $n->ffi->cast('agora_token_bytes *', $bytes);
                }
            }
        }
        $token = $n->text(
            'agora_token_rtm_build_with_permissions',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $userId,
            \strlen($userId),
            $list,
            $count,
            $expire,
            $n->options($options),
        );
        unset($keep);
        return $token;
    }
}
