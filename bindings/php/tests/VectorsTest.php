<?php

declare(strict_types=1);

namespace Agora\Token\Tests;

use Agora\Token\Exception\AgoraTokenException;
use Agora\Token\Exception\ParseException;
use Agora\Token\Exception\VerifyException;
use Agora\Token\Token;
use PHPUnit\Framework\TestCase;

use function Agora\Token\parse;
use function Agora\Token\verify;

/**
 * Every shared vector through the PHP API: builds byte for byte (and the
 * inflated payload), parsed fields, verification, and the negative codes.
 */
final class VectorsTest extends TestCase
{
    public function testAllVectorsAreThere(): void
    {
        $this->assertCount(281, Vectors::all(), 'the vector files changed size');
        $kinds = array_count_values(array_column(Vectors::all(), 'kind'));
        ksort($kinds);
        $want = ['build' => 184, 'build_error' => 20, 'parse' => 25, 'reject' => 39, 'verify_fail' => 13];
        $this->assertSame($want, $kinds);
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function buildVectors(): array
    {
        return Vectors::ofKind('build');
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function parseVectors(): array
    {
        return Vectors::ofKind('parse');
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function rejectVectors(): array
    {
        return Vectors::ofKind('reject');
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function verifyFailVectors(): array
    {
        return Vectors::ofKind('verify_fail');
    }

    /** @return array<string, array{array<string, mixed>}> */
    public static function buildErrorVectors(): array
    {
        return Vectors::ofKind('build_error');
    }

    /**
     * @dataProvider buildVectors
     * @param array<string, mixed> $v
     */
    public function testBuild(array $v): void
    {
        $token = Api::build($v['call'], $v['inputs'], $v['fixed'] ?? null);
        $exp = $v['expected'];
        $this->assertSame($exp['token'], $token, 'token');
        $key = $v['format'] === '007' ? 'uncompressed_hex' : 'content_hex';
        $this->assertSame($exp[$key], self::payloadHex($token), $key);
        // The same call through the vector-style entry point.
        $this->assertSame($token, Token::buildCall($v['call'], $v['inputs'], $v['fixed'] ?? null));

        $this->assertDecoded($v['decoded'], parse($token));
        $cert = $v['inputs']['app_certificate'];
        $d = $v['decoded'];
        $this->assertVerifies($token, $cert, $d['signed_channel_name'] ?? null, $d['signed_uid'] ?? null);

        foreach ($v['variant_tokens'] ?? [] as $lang => $variant) {
            $fields = Token::parse($variant);
            if (($v['cross_implementation'][$lang] ?? '') === 'same_payload_different_deflate') {
                $this->assertDecoded($v['decoded'], $fields, "variant $lang");
            }
            if ($v['format'] === '007') {
                $this->assertVerifies($variant, $cert, null, null);
            }
        }
    }

    /**
     * @dataProvider parseVectors
     * @param array<string, mixed> $v
     */
    public function testParse(array $v): void
    {
        $this->assertDecoded($v['decoded'], Token::parse($v['token']));
        if (isset($v['uncompressed_hex'])) {
            $this->assertSame($v['uncompressed_hex'], self::payloadHex($v['token']));
        }
        foreach ($v['verify'] as $e) {
            $valid = $e['signature_valid'] && ($e['crc_match'] ?? true);
            $code = self::verifyCode($v['token'], $e['certificate'], $e['channel_name'] ?? null, $e['uid'] ?? null);
            $this->assertSame($valid ? 'ok' : 'signature_mismatch', $code, 'verify ' . json_encode($e));
        }
    }

    /**
     * @dataProvider rejectVectors
     * @param array<string, mixed> $v
     */
    public function testReject(array $v): void
    {
        try {
            Token::parse($v['token']);
            $this->fail('must be rejected');
        } catch (ParseException $e) {
            $this->assertSame($v['expected']['error'], $e->getErrorCode(), $e->getMessage());
            $this->assertGreaterThanOrEqual(100, $e->getCode());
            $this->assertLessThan(200, $e->getCode());
        }
    }

    /**
     * @dataProvider verifyFailVectors
     * @param array<string, mixed> $v
     */
    public function testVerifyFail(array $v): void
    {
        $exp = $v['expected'];
        $token = $v['token'];
        $fields = Token::parse($token);
        $channel = $v['channel_name'] ?? null;
        $uid = $v['uid'] ?? null;
        $want = 'signature_mismatch';
        if ($exp['certificate_rejected'] ?? false) {
            $want = 'certificate_rejected';
        } elseif ($v['format'] === '006') {
            // The per-field CRC results, from our parse and PHP's crc32().
            $chOk = crc32($channel) === $fields['crc_channel_name'];
            $uidOk = crc32($uid) === $fields['crc_uid'];
            $this->assertSame($exp['crc_channel_matches'] ?? true, $chOk, 'crc channel');
            $this->assertSame($exp['crc_uid_matches'] ?? true, $uidOk, 'crc uid');
            if (!$chOk || !$uidOk) {
                $want = 'crc_mismatch';
            }
        }
        $this->assertSame($want, self::verifyCode($token, $v['certificate'], $channel, $uid));
    }

    /**
     * @dataProvider buildErrorVectors
     * @param array<string, mixed> $v
     */
    public function testBuildError(array $v): void
    {
        try {
            Api::build($v['call'], $v['inputs'], $v['fixed'] ?? null);
            $this->fail('must fail');
        } catch (AgoraTokenException $e) {
            $this->assertInstanceOf(\InvalidArgumentException::class, $e);
            $this->assertSame($v['expected']['error'], $e->getErrorCode(), $e->getMessage());
            $cert = $v['inputs']['app_certificate'];
            if (\strlen($cert) > 4) {
                $this->assertStringNotContainsString($cert, $e->getMessage(), 'certificate in the message');
            }
        }
        // The vector-style entry point reports the same code.
        try {
            Token::buildCall($v['call'], $v['inputs'], $v['fixed'] ?? null);
            $this->fail('must fail');
        } catch (AgoraTokenException $e) {
            $this->assertSame($v['expected']['error'], $e->getErrorCode(), $e->getMessage());
        }
    }

    /**
     * @param array<string, mixed> $theirs
     * @param array<string, mixed> $ours
     */
    private function assertDecoded(array $theirs, array $ours, string $what = 'decoded'): void
    {
        unset($theirs['signed_channel_name'], $theirs['signed_uid']);
        if (!\array_key_exists('trailing_payload_bytes', $theirs)) {
            unset($ours['trailing_payload_bytes']);
        }
        $this->assertSame(self::sorted($theirs), self::sorted($ours), $what);
    }

    private function assertVerifies(string $token, string $cert, ?string $channel, ?string $uid): void
    {
        $this->assertSame('ok', self::verifyCode($token, $cert, $channel, $uid), 'must verify');
        $this->assertIsInt(verify($token, $cert, $channel, $uid, checkExpiry: false));
    }

    /** "ok" or the error code of a signature-only verification. */
    private static function verifyCode(string $token, string $cert, ?string $channel, ?string $uid): string
    {
        try {
            Token::verify($token, $cert, channelName: $channel, uid: $uid, checkExpiry: false);
            return 'ok';
        } catch (VerifyException $e) {
            return $e->getErrorCode();
        }
    }

    private static function payloadHex(string $token): string
    {
        if (str_starts_with($token, '007')) {
            $raw = base64_decode(substr($token, 3), true);
            $payload = $raw === false ? false : zlib_decode($raw);
        } else {
            $payload = base64_decode(substr($token, 35), true);
        }
        if ($payload === false) {
            throw new \RuntimeException('cannot decode the payload of a built token');
        }
        return bin2hex($payload);
    }

    private static function sorted(mixed $v): mixed
    {
        if (!\is_array($v)) {
            return $v;
        }
        $v = array_map(self::sorted(...), $v);
        if (!array_is_list($v)) {
            ksort($v);
        }
        return $v;
    }
}
