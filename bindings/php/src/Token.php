<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Exception\InvalidArgumentException;
use Agora\Token\Internal\Arg;
use Agora\Token\Internal\Native;
use FFI;

/**
 * Parsing, verification and inspection of 006 and 007 tokens, plus the
 * vector-style build call. Also available as the functions
 * {@see \Agora\Token\parse()} and {@see \Agora\Token\verify()}.
 *
 * Unlike the reference parser, which reports success for garbage such as
 * "007abc", parsing is strict: a malformed token throws a ParseException
 * whose code names the first check that failed (bad_version, bad_payload,
 * bad_base64, bad_zlib, truncated_payload, trailing_data,
 * payload_too_large).
 *
 * ```php
 * $fields = Token::parse($token);          // no signature check
 * $expiresAt = Token::verify($token, $appCertificate, user: 'alice');
 * ```
 */
final class Token
{
    /**
     * Parses a token of either format without verifying it.
     *
     * @return array<string, mixed> the fields, in the shape of the shared
     *   vectors' `decoded` object: 007 "version", "signature_hex", "app_id",
     *   "issue_ts", "expire", "salt", "service_count", "services" (each with
     *   "type", "name", "privileges" as [id, value] pairs and its own fields)
     *   and "trailing_payload_bytes" or "stopped_at_unknown_service_type";
     *   006 "version", "app_id", "signature_hex", "crc_channel_name",
     *   "crc_uid", "salt", "ts", "privileges", "message_hex". A string field
     *   whose bytes are not UTF-8 is given as "<name>_hex". Nothing in it is
     *   trusted until verify() says so.
     */
    public static function parse(mixed $token): array
    {
        $token = self::tokenText($token);
        $json = Native::get()->text('agora_token_parse_json', $token, \strlen($token));
        return json_decode($json, true, 64, JSON_THROW_ON_ERROR);
    }

    /**
     * Verifies a token: parses it, checks the signature with
     * `$appCertificate` in constant time, then the optional claims.
     *
     * - `$channelName`, `$uid`: the RTC channel and uid the token must be for
     *   (a 006 RTC token needs both: its signature covers them). `$uid`
     *   takes an int (0: the wildcard "") or the uid text as signed.
     * - `$user`: the RTM / RTM2 / Chat / APaaS user id (007), or the account
     *   of a 006 RTM token.
     * - `$checkExpiry`: default true; reject an expired token or privilege,
     *   judged at `$now` (Unix seconds, default the current time).
     *
     * Null means "not checked". Throws a VerifyException
     * (certificate_rejected, crc_mismatch, signature_mismatch,
     * identity_mismatch, expired, privilege_missing), a ParseException for a
     * malformed token, or a InvalidArgumentException (invalid_argument) when a 006
     * token is verified without what it was signed for.
     *
     * @return int the token's expiry, Unix seconds
     */
    public static function verify(
        mixed $token,
        mixed $appCertificate,
        mixed $channelName = null,
        mixed $uid = null,
        mixed $user = null,
        bool $checkExpiry = true,
        mixed $now = null,
    ): int {
        $token = self::tokenText($token);
        $appCertificate = Arg::text($appCertificate, 'appCertificate');
        $n = Native::get();
        // $keep holds the PHP-owned copies of the strings until the call returns.
        [$e, $keep] = self::expect($n, $channelName, $uid, $user);
        $e->check_expiry = $checkExpiry;
        if ($now !== null) {
            $now = Arg::int($now, 'now', 1, PHP_INT_MAX);
        }
        $e->now = $now ?? 0;
        $expiresAt = $n->ffi->new('uint64_t');
        $n->check($n->ffi->agora_token_verify(
            $token,
            \strlen($token),
            $appCertificate,
            \strlen($appCertificate),
            FFI::addr($e),
            FFI::addr($expiresAt),
        ));
        unset($keep);
        return $expiresAt->cdata;
    }

    /**
     * Parses a token and describes it for a person: the same members as the
     * CLI's `inspect --json` ("format", "app_id", "issued_at", "expires_at",
     * "expires_in", "expired", the services or privileges with their
     * expiries, "diagnostics" - likely misuse such as an absolute time given
     * as a lifetime - and "decoded" as from parse()), judged at `$now` (Unix
     * seconds, default the current time).
     *
     * With `$appCertificate` the signature is checked too and reported in
     * the result ("signature_checked", ...) instead of being thrown; a 006
     * token also needs `$channelName` and `$uid` (or `$user` for RTM) for
     * that. Only a malformed token throws (ParseException).
     *
     * @return array<string, mixed>
     */
    public static function inspect(
        mixed $token,
        mixed $appCertificate = null,
        mixed $channelName = null,
        mixed $uid = null,
        mixed $user = null,
        mixed $now = null,
    ): array {
        $token = self::tokenText($token);
        $cert = $appCertificate === null ? null : Arg::text($appCertificate, 'appCertificate');
        $now = $now === null ? 0 : Arg::int($now, 'now', 1, PHP_INT_MAX);
        $n = Native::get();
        [$e, $keep] = self::expect($n, $channelName, $uid, $user);
        $json = $n->text(
            'agora_token_inspect_json',
            $token,
            \strlen($token),
            $cert,
            $cert === null ? 0 : \strlen($cert),
            FFI::addr($e),
            $now,
        );
        unset($keep);
        return json_decode($json, true, 64, JSON_THROW_ON_ERROR);
    }

    /**
     * A build call in the form of the shared vectors: `$call` names the
     * operation ("RtmTokenBuilder2.buildToken", the low-level
     * "AccessToken2" with an explicit service list, "AccessToken006", ...),
     * `$inputs` holds the arguments by snake_case name and `$fixed` the salt
     * and issue time ("salt", "issue_ts"; 006 builders: "salt", "now").
     * For tools and tests; applications use the builder classes.
     *
     * @param array<string, mixed> $inputs
     * @param array<string, int>|null $fixed
     */
    public static function buildCall(string $call, array $inputs, ?array $fixed = null): string
    {
        try {
            $in = json_encode($inputs, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
            $fx = $fixed === null ? '' : json_encode(
                (object) $fixed,
                JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR,
            );
        } catch (\JsonException $e) {
            throw new InvalidArgumentException(
                'invalid_argument',
                '$inputs cannot be JSON-encoded: ' . $e->getMessage(),
                Arg::INVALID_ARGUMENT,
                $e,
            );
        }
        $n = Native::get();
        return $n->text('agora_token_build_json', $call, \strlen($call), $in, \strlen($in), $fx, \strlen($fx));
    }

    /**
     * The expectation struct for verify / inspect, and the PHP-owned string
     * buffers its pointers refer to (keep them alive during the call).
     *
     * @return array{\FFI\CData, list<\FFI\CData>}
     */
    private static function expect(Native $n, mixed $channelName, mixed $uid, mixed $user): array
    {
        $e = $n->ffi->new('agora_token_expect');
        $keep = [];
        foreach (
            [
                'channel' => $channelName === null ? null : Arg::text($channelName, 'channelName'),
                'uid' => $uid === null ? null : Arg::identity($uid, 'uid'),
                'user' => $user === null ? null : Arg::text($user, 'user'),
            ] as $field => $value
        ) {
            if ($value !== null) {
                $buf = $n->buffer($value);
                $keep[] = $buf;
                $e->$field = $n->ffi->cast('char *', $buf);
                $e->{$field . '_len'} = \strlen($value);
            }
        }
        return [$e, $keep];
    }

    private static function tokenText(mixed $token): string
    {
        if (!\is_string($token)) {
            throw Arg::typeError('token', 'a string', $token);
        }
        return $token;
    }
}
