<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Internal\Arg;

/**
 * The values a builder normally takes from the random generator and the
 * clock. Fix them to reproduce a token exactly (tests, vectors); leave them
 * null in production.
 *
 * - `salt`: default null, a random salt (1..99 999 999, as the reference).
 * - `issueTs`: default null, the current time. For 007 builders it is the
 *   issue time written into the token; for the 006 builders it stands for
 *   "now" and the token's timestamp becomes issueTs + 86 400.
 *
 * Both are u32 values: anything outside 0..4 294 967 295 throws a
 * InvalidArgumentException with code value_out_of_range, a non-int an
 * ArgumentTypeError.
 *
 * ```php
 * $token = RtmTokenBuilder2::buildToken($appId, $cert, 'alice', 600, new Options(salt: 1, issueTs: 1_700_000_000));
 * ```
 */
final class Options
{
    public readonly ?int $salt;
    public readonly ?int $issueTs;

    public function __construct(mixed $salt = null, mixed $issueTs = null)
    {
        $this->salt = $salt === null ? null : Arg::u32($salt, 'salt');
        $this->issueTs = $issueTs === null ? null : Arg::u32($issueTs, 'issueTs');
    }
}
