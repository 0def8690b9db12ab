<?php

// No strict_types on purpose: PHP's coercive mode would turn "3600" into
// 3600 and 123 into "123" for typed parameters; the builders take `mixed`
// and check types themselves, so the caller's mode changes nothing.

namespace Agora\Token\Tests;

use Agora\Token\Exception\ArgumentTypeError;
use Agora\Token\RtcTokenBuilder2;
use Agora\Token\RtmTokenBuilder2;
use PHPUnit\Framework\TestCase;

final class CoerciveModeTest extends TestCase
{
    private const ID = '970CA35de60c44645bbae8a215061b33';
    private const CERT = '5CFd2fd1755d40ecb72977518be15d3b';

    public function testNumericStringExpiryIsStillATypeError(): void
    {
        $this->expectException(ArgumentTypeError::class);
        $this->expectExceptionMessage('$expire must be an int, string given');
        RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'alice', '3600');
    }

    public function testIntUserIdIsStillATypeError(): void
    {
        $this->expectException(ArgumentTypeError::class);
        $this->expectExceptionMessage('$userId must be a string, int given');
        RtmTokenBuilder2::buildToken(self::ID, self::CERT, 123, 3600);
    }

    public function testIntegralFloatUidIsStillATypeError(): void
    {
        $this->expectException(ArgumentTypeError::class);
        $this->expectExceptionMessage('$uid must be an int or a string, float given');
        RtcTokenBuilder2::buildTokenWithUid(self::ID, self::CERT, 'room', 42.0, 1, 600);
    }
}
