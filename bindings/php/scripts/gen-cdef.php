<?php

/**
 * Generates the FFI declarations of this package from the C header.
 *
 *   php scripts/gen-cdef.php [--check] [path/to/agora_token.h]
 *
 * Reads include/agora_token.h (the header cbindgen generates for the ffi
 * crate, default: two levels above this package) and writes
 *
 * - resources/agora_token.ffi.h: the declarations given to FFI::cdef();
 * - src/Internal/Header.php: the header's #define constants as PHP
 *   constants (the loader compares VERSION_NUMBER with the library's).
 *
 * PHP's FFI parser takes declarations only, so the script
 * 1. joins continued lines and drops comments;
 * 2. runs the conditionals as a C11 compiler that is not C++ would
 *    (`extern "C"` and the C23 enum base drop out; PHP's FFI parser reads
 *    C99), drops every preprocessor line and keeps each
 *    `#define NAME <number|"text">` as a constant;
 * 3. writes `uint8_t *` as `char *`: the header passes every string as
 *    `const uint8_t *` plus a length, and PHP's FFI only passes a PHP string
 *    without copying to a `char *` parameter. Both are byte pointers of the
 *    same size and alignment, so the call is the same at the ABI level.
 *
 * With --check nothing is written: the script exits 1 and prints a diff
 * summary when the committed files differ from what the header gives
 * (run by scripts/ci/60-php.sh, so a changed header cannot be forgotten).
 */

declare(strict_types=1);

$root = dirname(__DIR__);
$check = false;
$header = dirname($root, 2) . '/include/agora_token.h';
foreach (array_slice($argv, 1) as $arg) {
    if ($arg === '--check') {
        $check = true;
    } elseif (str_starts_with($arg, '-')) {
        fwrite(STDERR, "usage: php scripts/gen-cdef.php [--check] [header]\n");
        exit(2);
    } else {
        $header = $arg;
    }
}
if (!is_file($header)) {
    fwrite(STDERR, "header not found: $header\n");
    exit(2);
}

[$cdef, $constants] = generate((string) file_get_contents($header));
$outputs = [
    $root . '/resources/agora_token.ffi.h' => $cdef,
    $root . '/src/Internal/Header.php' => constantsClass($constants),
];

$drift = 0;
foreach ($outputs as $path => $text) {
    $rel = substr($path, strlen($root) + 1);
    if ($check) {
        $old = is_file($path) ? (string) file_get_contents($path) : null;
        if ($old !== $text) {
            $drift++;
            fwrite(STDERR, "drift: $rel differs from what $header gives\n");
            report($old ?? '', $text);
        }
    } else {
        file_put_contents($path, $text);
        echo "wrote $rel\n";
    }
}
if ($check) {
    if ($drift > 0) {
        fwrite(STDERR, "run: php bindings/php/scripts/gen-cdef.php\n");
        exit(1);
    }
    echo "cdef: no drift from $header\n";
}

/**
 * @return array{0: string, 1: array<string, int|string>}
 */
function generate(string $src): array
{
    $src = str_replace("\r\n", "\n", $src);
    $src = preg_replace('/\\\\\n/', ' ', $src);
    $src = stripComments($src);

    $out = [];
    $constants = [];
    // PHP's FFI parser reads C99: treat the header as a C11 compiler that
    // is not C++ would (the C23 enum base and `extern "C"` drop out).
    $defined = ['__STDC__' => 1, '__STDC_VERSION__' => 201112];
    // One entry per open conditional: [enclosing active, a branch taken, active now].
    $stack = [];
    $active = static fn (array $stack): bool => $stack === [] || end($stack)[2];
    foreach (explode("\n", $src) as $line) {
        $t = trim($line);
        if (str_starts_with($t, '#')) {
            $d = trim(substr($t, 1));
            $outer = $active($stack);
            if (preg_match('/^(ifdef|ifndef|if)\b(.*)$/', $d, $m)) {
                $cond = trim($m[2]);
                $value = match ($m[1]) {
                    'ifdef' => array_key_exists($cond, $defined),
                    'ifndef' => !array_key_exists($cond, $defined),
                    default => evaluate($cond, $defined),
                };
                $stack[] = [$outer, $value, $outer && $value];
            } elseif (preg_match('/^(elif|else)\b(.*)$/', $d, $m)) {
                $i = count($stack) - 1;
                if ($i < 0) {
                    throw new RuntimeException("#$m[1] without #if");
                }
                [$enclosing, $taken] = $stack[$i];
                $value = !$taken && ($m[1] === 'else' || evaluate(trim($m[2]), $defined));
                $stack[$i] = [$enclosing, $taken || $value, $enclosing && $value];
            } elseif (preg_match('/^endif\b/', $d)) {
                array_pop($stack);
            } elseif ($outer && preg_match('/^define\s+([A-Za-z_]\w*)(?:\s+(.*))?$/', $d, $m)) {
                $value = trim($m[2] ?? '');
                $defined[$m[1]] = $value;
                if (preg_match('/^\(?\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*[uUlL]*\s*\)?$/', $value, $n)) {
                    $constants[$m[1]] = intval($n[1], 0);
                } elseif (preg_match('/^"((?:[^"\\\\]|\\\\.)*)"$/', $value, $q)) {
                    $constants[$m[1]] = stripcslashes($q[1]);
                }
            } elseif ($outer && preg_match('/^undef\s+(\w+)/', $d, $m)) {
                unset($defined[$m[1]]);
            }
            continue;
        }
        if (!$active($stack)) {
            continue;
        }
        $line = rtrim($line);
        $line = preg_replace('/\buint8_t\s*\*/', 'char *', $line);
        if ($line === '') {
            continue;
        }
        $out[] = $line;
    }
    while ($out !== [] && end($out) === '') {
        array_pop($out);
    }
    $cdef = "/* Generated by bindings/php/scripts/gen-cdef.php from include/agora_token.h. Do not edit. */\n"
        . implode("\n", $out) . "\n";
    return [$cdef, $constants];
}

/**
 * Evaluates a #if expression: integers, defined(NAME) / defined NAME,
 * macros with a numeric value, ! && || == != < > <= >= and parentheses.
 * An unknown identifier is 0, as in C.
 *
 * @param array<string, int|string> $defined
 */
function evaluate(string $expr, array $defined): bool
{
    $token = '(defined|[A-Za-z_]\w*|0x[0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|\|\||&&|==|!=|<=|>=|[()<>!])';
    preg_match_all('/\s*' . $token . '/', $expr, $m);
    if (preg_replace('/\s+/', '', implode('', $m[1])) !== preg_replace('/\s+/', '', $expr)) {
        throw new RuntimeException("unsupported #if expression: $expr");
    }
    $tokens = $m[1];
    $pos = 0;
    $value = parseOr($tokens, $pos, $defined);
    if ($pos !== count($tokens)) {
        throw new RuntimeException("unsupported #if expression: $expr");
    }
    return $value !== 0;
}

/** @param list<string> $t */
function parseOr(array $t, int &$i, array $d): int
{
    $v = parseAnd($t, $i, $d);
    while (($t[$i] ?? null) === '||') {
        $i++;
        $r = parseAnd($t, $i, $d);
        $v = ($v !== 0 || $r !== 0) ? 1 : 0;
    }
    return $v;
}

/** @param list<string> $t */
function parseAnd(array $t, int &$i, array $d): int
{
    $v = parseCompare($t, $i, $d);
    while (($t[$i] ?? null) === '&&') {
        $i++;
        $r = parseCompare($t, $i, $d);
        $v = ($v !== 0 && $r !== 0) ? 1 : 0;
    }
    return $v;
}

/** @param list<string> $t */
function parseCompare(array $t, int &$i, array $d): int
{
    $v = parseUnary($t, $i, $d);
    while (in_array($t[$i] ?? null, ['==', '!=', '<', '>', '<=', '>='], true)) {
        $op = $t[$i++];
        $r = parseUnary($t, $i, $d);
        $v = (int) match ($op) {
            '==' => $v === $r,
            '!=' => $v !== $r,
            '<' => $v < $r,
            '>' => $v > $r,
            '<=' => $v <= $r,
            '>=' => $v >= $r,
        };
    }
    return $v;
}

/** @param list<string> $t */
function parseUnary(array $t, int &$i, array $d): int
{
    $tok = $t[$i++] ?? throw new RuntimeException('#if expression ends early');
    if ($tok === '!') {
        return parseUnary($t, $i, $d) === 0 ? 1 : 0;
    }
    if ($tok === '(') {
        $v = parseOr($t, $i, $d);
        if (($t[$i++] ?? null) !== ')') {
            throw new RuntimeException('unbalanced ( in #if expression');
        }
        return $v;
    }
    if ($tok === 'defined') {
        $paren = ($t[$i] ?? null) === '(';
        $i += $paren ? 1 : 0;
        $name = $t[$i++] ?? '';
        if ($paren && ($t[$i++] ?? null) !== ')') {
            throw new RuntimeException('bad defined() in #if expression');
        }
        return array_key_exists($name, $d) ? 1 : 0;
    }
    if (preg_match('/^(0x[0-9a-fA-F]+|\d+)[uUlL]*$/', $tok, $n)) {
        return intval($n[1], 0);
    }
    if (preg_match('/^[A-Za-z_]\w*$/', $tok)) {
        $v = $d[$tok] ?? 0;
        return is_int($v) ? $v : (preg_match('/^(\d+)[uUlL]*$/', (string) $v, $n) ? (int) $n[1] : 0);
    }
    throw new RuntimeException("unexpected '$tok' in #if expression");
}

function stripComments(string $src): string
{
    // String and character literals are kept intact; comments become a
    // space (block comments keep their line breaks, so #directives stay on
    // their own lines).
    $re = '~"(?:[^"\\\\\n]|\\\\.)*"|\'(?:[^\'\\\\\n]|\\\\.)*\'|/\*.*?\*/|//[^\n]*~s';
    return (string) preg_replace_callback($re, static function (array $m): string {
        $s = $m[0];
        if ($s[0] === '"' || $s[0] === "'") {
            return $s;
        }
        return str_starts_with($s, '/*') ? str_repeat("\n", substr_count($s, "\n")) . ' ' : ' ';
    }, $src);
}

/**
 * @param array<string, int|string> $constants
 */
function constantsClass(array $constants): string
{
    $lines = [];
    foreach ($constants as $name => $value) {
        $short = preg_replace('/^AGORA_TOKEN_/', '', $name);
        $lines[] = '    public const ' . $short . ' = ' . var_export($value, true) . ';';
    }
    return "<?php\n\n"
        . "// Generated by scripts/gen-cdef.php from include/agora_token.h. Do not edit.\n\n"
        . "declare(strict_types=1);\n\n"
        . "namespace Agora\\Token\\Internal;\n\n"
        . "/**\n * The #define constants of include/agora_token.h.\n *\n * @internal\n */\n"
        . "final class Header\n{\n"
        . implode("\n", $lines) . "\n}\n";
}

function report(string $old, string $new): void
{
    $a = explode("\n", $old);
    $b = explode("\n", $new);
    $shown = 0;
    $n = max(count($a), count($b));
    for ($i = 0; $i < $n && $shown < 10; $i++) {
        if (($a[$i] ?? null) !== ($b[$i] ?? null)) {
            fwrite(STDERR, sprintf("  line %d\n    - %s\n    + %s\n", $i + 1, $a[$i] ?? '', $b[$i] ?? ''));
            $shown++;
        }
    }
}
