<?php

/**
 * The shared bad-input matrix (tests/bad_inputs.json) against the PHP
 * package (bindings/php, over the C ABI), through its public classes.
 *
 * Usage: php tests/bad_inputs/run_php.php [VECTORS_DIR]
 * (default: $AGORA_VECTORS_DIR, else ../shared/vectors beside the checkout).
 * The package finds libagora_token as usual (bindings/php/lib or
 * $AGORA_TOKEN_LIB).
 *
 * Every entry must throw an AgoraTokenException whose getErrorCode() is the
 * entry's expected_code: no other throwable, no token, no ''. Entries with
 * not_applicable.php are recorded as not applicable with their reason.
 * Exit status 1 on any failure.
 *
 * Markers: $null -> null; $hex -> a binary string; $repeat, $vector_token
 * -> strings; $undefined cannot be written in PHP (see the data file).
 */

declare(strict_types=1);

// One script: it declares its helpers and runs them.
// phpcs:disable PSR1.Files.SideEffects

namespace Agora\Token\Tests\BadInputs;

use Agora\Token\ApaasTokenBuilder;
use Agora\Token\ChatTokenBuilder2;
use Agora\Token\Exception\AgoraTokenException;
use Agora\Token\Options;
use Agora\Token\RtcTokenBuilder;
use Agora\Token\RtcTokenBuilder2;
use Agora\Token\RtmTokenBuilder;
use Agora\Token\RtmTokenBuilder2;
use Agora\Token\Token;
use Exception;
use RuntimeException;
use Throwable;

const LANG = 'php';
$root = dirname(__DIR__, 2);
require $root . '/bindings/php/autoload.php';

final class NotExpressible extends Exception
{
}

function vectorsDir(string $root): string
{
    global $argv;
    if (isset($argv[1])) {
        return $argv[1];
    }
    $env = getenv('AGORA_VECTORS_DIR');
    return $env !== false && $env !== '' ? $env : dirname($root) . '/shared/vectors';
}

/** @return array<string, string> */
function vectorTokens(string $dir): array
{
    $out = [];
    foreach (glob($dir . '/*.json') as $f) {
        $doc = json_decode(file_get_contents($f), true, 512, JSON_THROW_ON_ERROR);
        foreach ($doc['vectors'] ?? [] as $v) {
            if (isset($v['expected']['token']) && is_string($v['expected']['token'])) {
                $out[$v['name']] = $v['expected']['token'];
            }
        }
    }
    return $out;
}

/** @param array<string, string> $tokens */
function resolve(mixed $v, array $tokens): mixed
{
    if (!is_array($v) || array_is_list($v)) {
        return $v;
    }
    if (array_key_exists('$null', $v)) {
        return null;
    }
    if (array_key_exists('$undefined', $v)) {
        throw new NotExpressible('undefined');
    }
    if (isset($v['$hex'])) {
        return hex2bin($v['$hex']);
    }
    if (isset($v['$repeat'])) {
        return ($v['prefix'] ?? '') . str_repeat($v['$repeat'], $v['count']);
    }
    if (isset($v['$zip_bomb'])) {
        return '007' . base64_encode(gzcompress(str_repeat("\0", $v['$zip_bomb']['zeros']), 9));
    }
    if (isset($v['$vector_token'])) {
        $t = $tokens[$v['$vector_token']] ?? throw new RuntimeException('no build vector ' . $v['$vector_token']);
        if (isset($v['keep'])) {
            $t = substr($t, 0, $v['keep']);
        }
        foreach ($v['replace'] ?? [] as [$a, $b]) {
            if (!str_contains($t, $a)) {
                throw new RuntimeException($v['$vector_token'] . " has no $a");
            }
            $t = str_replace($a, $b, $t);
        }
        $t = ($v['prefix'] ?? '') . $t . ($v['suffix'] ?? '');
        if (isset($v['suffix_hex'])) {
            $t .= hex2bin($v['suffix_hex']);
        }
        return $t;
    }
    return $v;
}

/** @param array<string, mixed>|null $fixed */
function options007(?array $fixed): ?Options
{
    return $fixed === null ? null : new Options($fixed['salt'] ?? null, $fixed['issue_ts'] ?? null);
}

/** @param array<string, mixed>|null $fixed */
function options006(?array $fixed): ?Options
{
    return $fixed === null ? null : new Options($fixed['salt'] ?? null, $fixed['now'] ?? null);
}

/** call name => [callable, positional argument names, fixed -> Options] */
const BUILDERS = [
    'RtcTokenBuilder2.buildTokenWithUid' => [
        [RtcTokenBuilder2::class, 'buildTokenWithUid'],
        ['app_id', 'app_certificate', 'channel_name', 'uid', 'role', 'token_expire', 'privilege_expire'],
        __NAMESPACE__ . '\\options007',
    ],
    'RtcTokenBuilder2.buildTokenWithUserAccount' => [
        [RtcTokenBuilder2::class, 'buildTokenWithUserAccount'],
        ['app_id', 'app_certificate', 'channel_name', 'account', 'role', 'token_expire', 'privilege_expire'],
        __NAMESPACE__ . '\\options007',
    ],
    'RtmTokenBuilder2.buildToken' => [
        [RtmTokenBuilder2::class, 'buildToken'],
        ['app_id', 'app_certificate', 'user_id', 'expire'],
        __NAMESPACE__ . '\\options007',
    ],
    'ChatTokenBuilder2.buildUserToken' => [
        [ChatTokenBuilder2::class, 'buildUserToken'],
        ['app_id', 'app_certificate', 'user_id', 'expire'],
        __NAMESPACE__ . '\\options007',
    ],
    'ApaasTokenBuilder.buildRoomUserToken' => [
        [ApaasTokenBuilder::class, 'buildRoomUserToken'],
        ['app_id', 'app_certificate', 'room_uuid', 'user_uuid', 'role', 'expire'],
        __NAMESPACE__ . '\\options007',
    ],
    'RtcTokenBuilder.buildTokenWithUid' => [
        [RtcTokenBuilder::class, 'buildTokenWithUid'],
        ['app_id', 'app_certificate', 'channel_name', 'uid', 'role', 'privilege_expired_ts'],
        __NAMESPACE__ . '\\options006',
    ],
    'RtmTokenBuilder.buildToken' => [
        [RtmTokenBuilder::class, 'buildToken'],
        ['app_id', 'app_certificate', 'user_account', 'role', 'privilege_expired_ts'],
        __NAMESPACE__ . '\\options006',
    ],
];

/**
 * @param array<string, mixed> $entry
 * @param array<string, mixed> $defaults
 * @param array<string, string> $tokens
 */
function run(array $entry, array $defaults, array $tokens): mixed
{
    $args = [];
    foreach (array_merge($defaults[$entry['call']] ?? [], $entry['args']) as $k => $v) {
        $args[$k] = resolve($v, $tokens);
    }
    if ($entry['call'] === 'parse') {
        return Token::parse($args['token']);
    }
    if ($entry['call'] === 'verify') {
        // Expiry is checked only when the entry gives "now", as in the
        // other languages.
        return Token::verify(
            $args['token'],
            $args['app_certificate'],
            $args['channel_name'] ?? null,
            $args['uid'] ?? null,
            $args['user'] ?? null,
            array_key_exists('now', $args),
            $args['now'] ?? null,
        );
    }
    [$fn, $names, $opts] = BUILDERS[$entry['call']] ?? throw new RuntimeException('no mapping for ' . $entry['call']);
    $positional = array_map(static fn (string $n): mixed => $args[$n], $names);
    $positional[] = $opts($entry['fixed'] ?? null);
    return $fn(...$positional);
}

$doc = json_decode(file_get_contents($root . '/tests/bad_inputs.json'), true, 512, JSON_THROW_ON_ERROR);
if ($doc['schema'] !== 'agora-token-bad-inputs/1') {
    throw new RuntimeException('unknown schema');
}
$tokens = vectorTokens(vectorsDir($root));
$passed = 0;
$na = 0;
$failures = [];
foreach ($doc['entries'] as $e) {
    $reason = $e['not_applicable'][LANG] ?? null;
    try {
        $r = run($e, $doc['defaults'], $tokens);
        $got = 'no error: returned ' . substr(var_export($r, true), 0, 40);
    } catch (NotExpressible $x) {
        if ($reason !== null) {
            $na++;
            echo "n/a   {$e['name']}: $reason\n";
        } else {
            $failures[] = "{$e['name']}: {$x->getMessage()} cannot be written in PHP and has no not_applicable." . LANG;
        }
        continue;
    } catch (AgoraTokenException $x) {
        $got = $x->getErrorCode() . ($x->getMessage() === '' ? ' (empty message)' : '');
    } catch (Throwable $x) {
        $got = get_class($x) . ': ' . $x->getMessage();
    }
    if ($reason !== null) {
        // Written the nearest way PHP can (2^64 as a float): shown, not judged.
        $na++;
        echo "n/a   {$e['name']}: $reason (ran as written in PHP: $got)\n";
    } elseif ($got === $e['expected_code']) {
        $passed++;
        echo "ok    {$e['name']}: $got\n";
    } else {
        $failures[] = "{$e['name']}: got $got, expected {$e['expected_code']}";
    }
}
foreach ($failures as $f) {
    echo "FAIL  $f\n";
}
printf("bad inputs (%s): %d passed, %d failed, %d not applicable\n", LANG, $passed, count($failures), $na);
exit($failures === [] ? 0 : 1);
