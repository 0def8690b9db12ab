<?php

declare(strict_types=1);

namespace Agora\Token\Tests;

use Agora\Token\ApaasTokenBuilder;
use Agora\Token\ChatTokenBuilder2;
use Agora\Token\Exception\AgoraTokenException;
use Agora\Token\Exception\ArgumentTypeError;
use Agora\Token\Exception\InvalidArgumentException;
use Agora\Token\Exception\ParseException;
use Agora\Token\Exception\VerifyException;
use Agora\Token\Options;
use Agora\Token\RtcTokenBuilder;
use Agora\Token\RtcTokenBuilder2;
use Agora\Token\Rtm2Permissions;
use Agora\Token\RtmTokenBuilder;
use Agora\Token\RtmTokenBuilder2;
use Agora\Token\Token;
use PHPUnit\Framework\TestCase;

/**
 * The inputs on which the official PHP code misbehaves (issue #6, and the
 * measured table in research/ecosystem.md a3/a4): each one must give our
 * exception with the core's code and a message naming the argument.
 */
final class BadInputTest extends TestCase
{
    private const ID = '970CA35de60c44645bbae8a215061b33';
    private const CERT = '5CFd2fd1755d40ecb72977518be15d3b';

    /**
     * @return array<string, array{\Closure, class-string, string, string}>
     *   call, exception class, code, text the message must contain
     */
    public static function badCalls(): array
    {
        $id = self::ID;
        $cert = self::CERT;
        $rtc = static fn (mixed ...$a): \Closure => static fn () => RtcTokenBuilder2::buildTokenWithUid(
            $a['appId'] ?? $id,
            $a['appCertificate'] ?? $cert,
            \array_key_exists('channelName', $a) ? $a['channelName'] : 'room',
            \array_key_exists('uid', $a) ? $a['uid'] : 42,
            \array_key_exists('role', $a) ? $a['role'] : RtcTokenBuilder2::ROLE_PUBLISHER,
            \array_key_exists('tokenExpire', $a) ? $a['tokenExpire'] : 600,
            \array_key_exists('privilegeExpire', $a) ? $a['privilegeExpire'] : 600,
        );
        $range = InvalidArgumentException::class;
        $type = ArgumentTypeError::class;
        return [
            // Expiries: the reference wraps them mod 2^32.
            'expire -1' => [$rtc(tokenExpire: -1), $range, 'value_out_of_range', '$tokenExpire'],
            'expire 2^32' => [$rtc(tokenExpire: 4294967296), $range, 'value_out_of_range', '$tokenExpire'],
            'expire in ms' => [$rtc(tokenExpire: 1_700_000_000_000), $range, 'value_out_of_range', '$tokenExpire'],
            'privilege expire -1' => [$rtc(privilegeExpire: -1), $range, 'value_out_of_range', '$privilegeExpire'],
            'expire numeric string' => [$rtc(tokenExpire: '3600'), $type, 'invalid_argument', '$tokenExpire'],
            'expire "abc"' => [$rtc(tokenExpire: 'abc'), $type, 'invalid_argument', '$tokenExpire'],
            'expire float' => [$rtc(tokenExpire: 3600.7), $type, 'invalid_argument', '$tokenExpire'],
            'expire null' => [$rtc(tokenExpire: null), $type, 'invalid_argument', '$tokenExpire'],
            'expire bool' => [$rtc(tokenExpire: true), $type, 'invalid_argument', '$tokenExpire'],
            'rtm expire -1' => [
                static fn () => RtmTokenBuilder2::buildToken($id, $cert, 'alice', -1),
                $range,
                'value_out_of_range',
                '$expire',
            ],
            'chat expire 2^32' => [
                static fn () => ChatTokenBuilder2::buildUserToken($id, $cert, 'alice', 4294967296),
                $range,
                'value_out_of_range',
                '$expire',
            ],
            '006 expire ts -1' => [
                static fn () => RtcTokenBuilder::buildTokenWithUid($id, $cert, 'room', 42, 1, -1),
                $range,
                'value_out_of_range',
                '$privilegeExpireTs',
            ],
            // Channel names: the reference silently corrupts the token.
            'channel 65536 bytes' => [
                $rtc(channelName: str_repeat('c', 65536)),
                $range,
                'value_too_long',
                'channel_name is 65536 bytes',
            ],
            'channel 70000 bytes' => [
                $rtc(channelName: str_repeat('c', 70000)),
                $range,
                'value_too_long',
                'channel_name is 70000 bytes',
            ],
            'channel int' => [$rtc(channelName: 123), $type, 'invalid_argument', '$channelName'],
            'channel null' => [$rtc(channelName: null), $type, 'invalid_argument', '$channelName'],
            // RTM accounts: the reference returns null for an int.
            'rtm 007 user id int' => [
                static fn () => RtmTokenBuilder2::buildToken($id, $cert, 123, 600),
                $type,
                'invalid_argument',
                '$userId',
            ],
            'rtm 006 account int' => [
                static fn () => RtmTokenBuilder::buildToken($id, $cert, 123, RtmTokenBuilder::RoleRtmUser, 0),
                $type,
                'invalid_argument',
                '$userAccount',
            ],
            'rtm user id 65538 bytes utf8' => [
                static fn () => RtmTokenBuilder2::buildToken($id, $cert, str_repeat("\u{20ac}", 21846), 600),
                $range,
                'value_too_long',
                'user_id is 65538 bytes',
            ],
            'rtm2 rtm user id int' => [
                static fn () => RtcTokenBuilder2::buildTokenWithRtm2($id, $cert, 'r', 'a', 1, 6, 6, 6, 6, 6, 7, 6),
                $type,
                'invalid_argument',
                '$rtmUserId',
            ],
            // Uids.
            'uid -1' => [$rtc(uid: -1), $range, 'value_out_of_range', '$uid'],
            'uid 2^32' => [$rtc(uid: 4294967296), $range, 'value_out_of_range', '$uid'],
            'uid null' => [$rtc(uid: null), $type, 'invalid_argument', '$uid'],
            'uid float' => [$rtc(uid: 1.5), $type, 'invalid_argument', '$uid'],
            'uid 1e21' => [$rtc(uid: 1e21), $type, 'invalid_argument', '$uid'],
            'account 2^32' => [
                static fn () => RtcTokenBuilder2::buildTokenWithUserAccount($id, $cert, 'room', 4294967296, 1, 600),
                $range,
                'value_out_of_range',
                '$account',
            ],
            '006 uid 2^32' => [
                static fn () => RtcTokenBuilder::buildTokenWithUid($id, $cert, 'room', 4294967296, 1, 0),
                $range,
                'value_out_of_range',
                '$uid',
            ],
            // Roles.
            'role string' => [$rtc(role: 'publisher'), $type, 'invalid_argument', '$role'],
            'apaas role -32769' => [
                static fn () => ApaasTokenBuilder::buildRoomUserToken($id, $cert, 'room', 'user', -32769, 600),
                $range,
                'value_out_of_range',
                '$role',
            ],
            'apaas role 32768' => [
                static fn () => ApaasTokenBuilder::buildRoomUserToken($id, $cert, 'room', 'user', 32768, 600),
                $range,
                'value_out_of_range',
                '$role',
            ],
            // Credentials: the reference returns "".
            'app id abc' => [$rtc(appId: 'abc'), $range, 'invalid_app_id', 'app_id'],
            'app id int' => [$rtc(appId: 970), $type, 'invalid_argument', '$appId'],
            'certificate empty' => [$rtc(appCertificate: ''), $range, 'invalid_app_certificate', 'app_certificate'],
            '006 certificate not hex' => [
                static fn () => RtcTokenBuilder::buildTokenWithUid($id, str_repeat('z', 32), 'room', 1, 1, 0),
                $range,
                'invalid_app_certificate',
                'app_certificate',
            ],
            // Options and permissions.
            'salt -1' => [static fn () => new Options(salt: -1), $range, 'value_out_of_range', '$salt'],
            'issue ts string' => [static fn () => new Options(issueTs: '1'), $type, 'invalid_argument', '$issueTs'],
            'permission type 65536' => [
                static fn () => (new Rtm2Permissions())->add(0, 65536, ['x']),
                $range,
                'value_out_of_range',
                '$permissionType',
            ],
            'permission resources not a list' => [
                static fn () => (new Rtm2Permissions())->add(0, 0, 'x'),
                $type,
                'invalid_argument',
                '$resources',
            ],
            'permission resource int' => [
                static fn () => RtmTokenBuilder2::buildTokenWithPermissions($id, $cert, 'u', [
                    ['resource_type' => 0, 'permission_type' => 0, 'resources' => [5]],
                ], 600),
                $type,
                'invalid_argument',
                '$resources[0]',
            ],
            // Parsing: the reference reports success for garbage.
            'parse 007abc' => [
                static fn () => Token::parse('007abc'),
                ParseException::class,
                'bad_base64',
                'multiple of 4',
            ],
            'parse empty' => [static fn () => Token::parse(''), ParseException::class, 'bad_version', ''],
            'parse prefix only' => [static fn () => Token::parse('007'), ParseException::class, 'bad_payload', ''],
            'parse int' => [static fn () => Token::parse(7), $type, 'invalid_argument', '$token'],
            'verify garbage' => [
                static fn () => Token::verify('007abc', $cert),
                ParseException::class,
                'bad_base64',
                '',
            ],
            'verify certificate not hex' => [
                static fn () => Token::verify(RtmTokenBuilder2::buildToken($id, $cert, 'a', 600), 'nope'),
                VerifyException::class,
                'certificate_rejected',
                '',
            ],
        ];
    }

    /**
     * @dataProvider badCalls
     * @param class-string $class
     */
    public function testRefused(\Closure $call, string $class, string $code, string $mentions): void
    {
        try {
            $call();
            $this->fail('no exception');
        } catch (AgoraTokenException $e) {
            $this->assertInstanceOf($class, $e);
            $this->assertSame($code, $e->getErrorCode());
            $this->assertStringContainsString($mentions, $e->getMessage());
            $this->assertStringNotContainsString(self::CERT, $e->getMessage());
            if ($e instanceof ArgumentTypeError) {
                $this->assertInstanceOf(\TypeError::class, $e);
            }
            $this->assertGreaterThan(0, $e->getCode(), 'the C ABI number');
        }
    }

    public function testUidZeroIsTheWildcardAndTextZeroIsNot(): void
    {
        $o = new Options(salt: 1, issueTs: 1111111);
        $zero = RtcTokenBuilder2::buildTokenWithUid(self::ID, self::CERT, 'room', 0, 1, 600, 600, $o);
        $text = RtcTokenBuilder2::buildTokenWithUid(self::ID, self::CERT, 'room', '0', 1, 600, 600, $o);
        $this->assertSame('', Token::parse($zero)['services'][0]['uid']);
        $this->assertSame('0', Token::parse($text)['services'][0]['uid']);
        $this->assertNotSame($zero, $text);
        // An int account follows the same rule.
        $acct = RtcTokenBuilder2::buildTokenWithUserAccount(self::ID, self::CERT, 'room', 0, 1, 600, 600, $o);
        $this->assertSame($zero, $acct);
    }

    public function testNamedOptionsArgumentAndRandomSalt(): void
    {
        $a = RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'alice', 600);
        $b = RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'alice', 600);
        $this->assertNotSame(Token::parse($a)['salt'], Token::parse($b)['salt'], 'random salt per token');
        $o = new Options(7, 1_700_000_000);
        $fixed = RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'alice', 600, options: $o);
        $this->assertSame(7, Token::parse($fixed)['salt']);
        $this->assertSame(1_700_000_000, Token::parse($fixed)['issue_ts']);
    }

    public function testVerifyChecksExpiryAndIdentity(): void
    {
        $o = new Options(salt: 5, issueTs: 1_700_000_000);
        $t = RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'alice', 600, $o);
        $this->assertSame(1_700_000_600, Token::verify($t, self::CERT, user: 'alice', now: 1_700_000_100));
        $at = 1_700_000_100;
        $this->assertVerifyCode('expired', fn () => Token::verify($t, self::CERT, user: 'alice', now: $at + 501));
        $this->assertVerifyCode('identity_mismatch', fn () => Token::verify($t, self::CERT, user: 'bob', now: $at));
        $this->assertVerifyCode('signature_mismatch', fn () => Token::verify($t, strrev(self::CERT), now: $at));
        $rtc = RtcTokenBuilder2::buildTokenWithUid(self::ID, self::CERT, 'room', 42, 1, 600, 600, $o);
        $this->assertSame(
            1_700_000_600,
            \Agora\Token\verify($rtc, self::CERT, channelName: 'room', uid: 42, now: 1_700_000_000),
        );
        $this->assertVerifyCode(
            'identity_mismatch',
            fn () => Token::verify($rtc, self::CERT, channelName: 'room', uid: 43, now: 1_700_000_000),
        );
    }

    public function testInspectReportsAnAbsoluteTimeGivenAsLifetime(): void
    {
        $o = new Options(salt: 5, issueTs: 1_700_000_000);
        $t = RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'alice', 1_700_003_600, $o);
        $report = Token::inspect($t, now: 1_700_000_000);
        $this->assertSame(Token::parse($t), $report['decoded']);
        $codes = array_column($report['diagnostics'], 'code');
        $this->assertContains('absolute_time_as_lifetime', $codes);
        $this->assertFalse($report['signature_checked']);
        $signed = Token::inspect($t, self::CERT, user: 'alice', now: 1_700_000_000);
        $this->assertTrue($signed['signature_checked']);
        $this->assertTrue($signed['signature_valid']);
        $this->assertStringNotContainsString(self::CERT, json_encode($signed, JSON_THROW_ON_ERROR));
        $wrong = Token::inspect($t, strrev(self::CERT), now: 1_700_000_000);
        $this->assertFalse($wrong['signature_valid']);
    }

    public function testLargeOutputsGrowTheBuffer(): void
    {
        // 60 000 incompressible bytes (not UTF-8): the token and its parsed
        // JSON are larger than the 4 KiB output buffer, so each call is
        // retried once with the capacity INSUFFICIENT_SIZE asks for.
        $user = '';
        for ($i = 0; \strlen($user) < 60000; $i++) {
            $user .= hash('sha256', (string) $i, true);
        }
        $user = substr($user, 0, 60000);
        $o = new Options(salt: 3, issueTs: 1_700_000_000);
        $t = RtmTokenBuilder2::buildToken(self::ID, self::CERT, $user, 600, $o);
        $this->assertGreaterThan(60000, \strlen($t));
        $this->assertSame($t, RtmTokenBuilder2::buildToken(self::ID, self::CERT, $user, 600, $o));
        $fields = Token::parse($t);
        $this->assertSame(bin2hex($user), $fields['services'][0]['user_id_hex']);
        $this->assertSame(1_700_000_600, Token::verify($t, self::CERT, user: $user, checkExpiry: false));
        $small = RtmTokenBuilder2::buildToken(self::ID, self::CERT, 'a', 600, $o);
        $this->assertSame('a', Token::parse($small)['services'][0]['user_id']);
    }

    public function testNoNativeMemoryGrowthOverManyCalls(): void
    {
        // Every output goes into a PHP-owned buffer; a leak per call would
        // show as resident memory growing with the number of calls.
        $perms = (new Rtm2Permissions())->add(0, 0, ['a', 'b'])->add(4, 1, ['c']);
        $run = static function (int $n) use ($perms): void {
            for ($i = 0; $i < $n; $i++) {
                $t = RtmTokenBuilder2::buildTokenWithPermissions(self::ID, self::CERT, "u$i", $perms, 600);
                Token::verify($t, self::CERT, user: "u$i");
                Token::parse($t);
                try {
                    Token::parse('007abc');
                } catch (ParseException) {
                }
            }
        };
        $run(1000);
        $rss = self::rssBytes();
        $php = memory_get_usage();
        $run(10000);
        $this->assertLessThan(256 * 1024, memory_get_usage() - $php, 'PHP heap growth');
        $this->assertLessThan(4 * 1024 * 1024, self::rssBytes() - $rss, 'resident memory growth');
    }

    private function assertVerifyCode(string $code, \Closure $f): void
    {
        try {
            $f();
            $this->fail("expected $code");
        } catch (VerifyException $e) {
            $this->assertSame($code, $e->getErrorCode(), $e->getMessage());
        }
    }

    private static function rssBytes(): int
    {
        $statm = (string) file_get_contents('/proc/self/statm');
        return (int) explode(' ', $statm)[1] * 4096;
    }
}
