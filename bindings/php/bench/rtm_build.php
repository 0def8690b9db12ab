<?php

/**
 * Benchmark: one 007 RTM token build per call from PHP.
 *
 *   php bench/rtm_build.php [--rounds=N] [--calls=N] [--quick]
 *
 * Compares, in the same process and interleaved round by round:
 * - ours: RtmTokenBuilder2::buildToken() over FFI, with fixed salt and
 *   issue time (as in the vectors) and with the defaults (random salt,
 *   clock);
 * - pure PHP: a minimal 007 RTM encoder written for this script from
 *   FORMAT.md (sections 1 and 3: bytes16 / map16 packing, the two-step
 *   HMAC key, zlib, base64). It is not the official PHP source and does no
 *   input checking at all, so it is a lower bound for any pure-PHP builder.
 *
 * First asserts that both give the same token string for the same inputs,
 * then reports the median time per call over the rounds. Not a test: no
 * timing is ever asserted.
 */

declare(strict_types=1);

require_once __DIR__ . '/../autoload.php';

use Agora\Token\Internal\Native;
use Agora\Token\Library;
use Agora\Token\Options;
use Agora\Token\RtmTokenBuilder2;
use Agora\Token\Token;

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const APP_CERT = '5CFd2fd1755d40ecb72977518be15d3b';

$opts = getopt('', ['rounds:', 'calls:', 'quick']);
$quick = isset($opts['quick']);
$rounds = (int) ($opts['rounds'] ?? ($quick ? 3 : 21));
$calls = (int) ($opts['calls'] ?? ($quick ? 200 : 5000));

function u16(int $v): string
{
    return pack('v', $v);
}

function bytes16(string $s): string
{
    return pack('v', \strlen($s)) . $s;
}

/** A 007 token with one RTM service, from FORMAT.md 3.1-3.4. */
function specRtmToken(string $appId, string $cert, string $userId, int $expire, int $salt, int $issueTs): string
{
    $service = u16(2) . u16(1) . pack('vV', 1, $expire) . bytes16($userId);
    $info = bytes16($appId) . pack('VVV', $issueTs, $expire, $salt) . u16(1) . $service;
    $k1 = hash_hmac('sha256', $cert, pack('V', $issueTs), true);
    $k2 = hash_hmac('sha256', $k1, pack('V', $salt), true);
    $signature = hash_hmac('sha256', $info, $k2, true);
    return '007' . base64_encode((string) zlib_encode(bytes16($signature) . $info, ZLIB_ENCODING_DEFLATE));
}

// Same token from both for the same inputs, and it verifies.
$fixed = new Options(salt: 12345678, issueTs: 1_700_000_000);
$ours = RtmTokenBuilder2::buildToken(APP_ID, APP_CERT, 'bench-user', 3600, $fixed);
$spec = specRtmToken(APP_ID, APP_CERT, 'bench-user', 3600, 12345678, 1_700_000_000);
if ($ours !== $spec) {
    fwrite(STDERR, "tokens differ:\n  ours $ours\n  spec $spec\n");
    exit(1);
}
Token::verify($ours, APP_CERT, user: 'bench-user', checkExpiry: false);

$cases = [
    'ours, fixed salt/issue_ts' => static function (int $n) use ($fixed): void {
        for ($i = 0; $i < $n; $i++) {
            RtmTokenBuilder2::buildToken(APP_ID, APP_CERT, 'bench-user', 3600, $fixed);
        }
    },
    'ours, random salt + clock' => static function (int $n): void {
        for ($i = 0; $i < $n; $i++) {
            RtmTokenBuilder2::buildToken(APP_ID, APP_CERT, 'bench-user', 3600);
        }
    },
    'C call alone (no PHP checks)' => static function (int $n) use ($fixed): void {
        // The FFI call the builder makes, without its argument checks: the
        // difference to the first row is the cost of the PHP layer.
        $native = Native::get();
        $o = $native->options($fixed);
        for ($i = 0; $i < $n; $i++) {
            $native->text('agora_token_rtm_build', APP_ID, 32, APP_CERT, 32, 'bench-user', 10, 3600, $o);
        }
    },
    'pure PHP from FORMAT.md' => static function (int $n): void {
        for ($i = 0; $i < $n; $i++) {
            specRtmToken(APP_ID, APP_CERT, 'bench-user', 3600, 12345678, 1_700_000_000);
        }
    },
];

$samples = array_fill_keys(array_keys($cases), []);
foreach ($cases as $f) {
    $f(intdiv($calls, 10) + 1); // warm-up
}
for ($r = 0; $r < $rounds; $r++) {
    foreach ($cases as $name => $f) {
        $t0 = hrtime(true);
        $f($calls);
        $samples[$name][] = (hrtime(true) - $t0) / $calls;
    }
}

function median(array $xs): float
{
    sort($xs);
    $n = \count($xs);
    return $n % 2 === 1 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

$cpu = 'unknown CPU';
foreach (@file('/proc/cpuinfo') ?: [] as $line) {
    if (str_starts_with($line, 'model name')) {
        $cpu = trim(explode(':', $line, 2)[1]);
        break;
    }
}
printf(
    "PHP %s (%s), libagora_token %s, %s; %d rounds x %d calls, interleaved\n",
    PHP_VERSION,
    PHP_OS_FAMILY,
    Library::version(),
    $cpu,
    $rounds,
    $calls,
);
$base = median($samples['pure PHP from FORMAT.md']);
foreach ($samples as $name => $xs) {
    $m = median($xs);
    printf("  %-30s median %7.2f us/call  (%.2fx pure PHP)\n", $name, $m / 1000, $m / $base);
}
