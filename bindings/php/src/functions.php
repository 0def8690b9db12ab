<?php

declare(strict_types=1);

namespace Agora\Token;

if (!\function_exists(__NAMESPACE__ . '\parse')) {
    /**
     * Parses a 006 or 007 token without verifying it; see {@see Token::parse()}.
     *
     * @return array<string, mixed>
     */
    function parse(mixed $token): array
    {
        return Token::parse($token);
    }

    /**
     * Verifies a token's signature and the given claims; see {@see Token::verify()}.
     *
     * @return int the token's expiry, Unix seconds
     */
    function verify(
        mixed $token,
        mixed $appCertificate,
        mixed $channelName = null,
        mixed $uid = null,
        mixed $user = null,
        bool $checkExpiry = true,
        mixed $now = null,
    ): int {
        return Token::verify($token, $appCertificate, $channelName, $uid, $user, $checkExpiry, $now);
    }
}
