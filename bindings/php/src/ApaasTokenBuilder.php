<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * 007 APaaS (Flexible Classroom) tokens, with the names and argument order
 * of the official PHP ApaasTokenBuilder. {@see EducationTokenBuilder} is the
 * same builder under its older name.
 */
class ApaasTokenBuilder
{
    /**
     * Room user: RTM for `$userUuid`, Chat for md5(`$userUuid`) and APaaS
     * for the room, each valid `$expire` seconds.
     *
     * @param int $role -32 768..32 767 (i16 on the wire)
     */
    public static function buildRoomUserToken(
        mixed $appId,
        mixed $appCertificate,
        mixed $roomUuid,
        mixed $userUuid,
        mixed $role,
        mixed $expire,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $roomUuid = Arg::text($roomUuid, 'roomUuid');
        $userUuid = Arg::text($userUuid, 'userUuid');
        $n = Native::get();
        return $n->text(
            'agora_token_apaas_build_room_user',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $roomUuid,
            \strlen($roomUuid),
            $userUuid,
            \strlen($userUuid),
            Arg::i16($role, 'role'),
            Arg::u32($expire, 'expire'),
            $n->options($options),
        );
    }

    /** User token for `$userUuid`, valid `$expire` seconds. */
    public static function buildUserToken(
        mixed $appId,
        mixed $appCertificate,
        mixed $userUuid,
        mixed $expire,
        ?Options $options = null,
    ): string {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $userUuid = Arg::text($userUuid, 'userUuid');
        $n = Native::get();
        return $n->text(
            'agora_token_apaas_build_user',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $userUuid,
            \strlen($userUuid),
            Arg::u32($expire, 'expire'),
            $n->options($options),
        );
    }

    /** App token, valid `$expire` seconds. */
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
            'agora_token_apaas_build_app',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            Arg::u32($expire, 'expire'),
            $n->options($options),
        );
    }
}
