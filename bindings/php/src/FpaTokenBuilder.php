<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;

/**
 * 007 FPA (Full-path Acceleration) tokens, as the official PHP
 * FpaTokenBuilder: always valid 24 hours, privilege without limit.
 */
final class FpaTokenBuilder
{
    public static function buildToken(mixed $appId, mixed $appCertificate, ?Options $options = null): string
    {
        $appId = Arg::text($appId, 'appId');
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $n = Native::get();
        return $n->text(
            'agora_token_fpa_build',
            $appId,
            \strlen($appId),
            $appCertificate,
            \strlen($appCertificate),
            $n->options($options),
        );
    }
}
