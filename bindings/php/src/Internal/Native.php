<?php

declare(strict_types=1);

namespace Agora\Token\Internal;

use Agora\Token\Exception\AgoraTokenException;
use Agora\Token\Exception\InvalidArgumentException;
use Agora\Token\Exception\LibraryException;
use Agora\Token\Exception\ParseException;
use Agora\Token\Exception\VerifyException;
use Agora\Token\Library;
use FFI;
use FFI\CData;

/**
 * The bridge to the C ABI: one FFI instance per process, the output
 * buffer, and the mapping of result numbers to exceptions.
 *
 * Memory: nothing the library allocates is handed out (every output goes
 * into a caller buffer), so there is nothing native to free. The buffers
 * here are FFI::new() objects that PHP owns and releases; the output buffer
 * is kept and reused between calls, and grown once when a token does not
 * fit (INSUFFICIENT_SIZE tells the exact capacity needed).
 *
 * @internal
 */
final class Native
{
    private const RESULT_OK = 0;
    private const RESULT_INSUFFICIENT_SIZE = 901;
    /** Enough for every real token (a few hundred bytes). */
    private const INITIAL_CAPACITY = 4096;

    private static ?self $instance = null;

    private CData $out;
    private int $capacity;
    private CData $outLen;
    /** @var array<string, CData> option structs by "salt/issueTs" key */
    private array $optionCache = [];

    private function __construct(public readonly FFI $ffi)
    {
        $this->capacity = self::INITIAL_CAPACITY;
        $this->out = $ffi->new('char[' . self::INITIAL_CAPACITY . ']');
        $this->outLen = $ffi->new('size_t');
    }

    public static function get(): self
    {
        return self::$instance ??= new self(Library::ffi());
    }

    /** Drops the cached instance (after Library::use()). */
    public static function reset(): void
    {
        self::$instance = null;
    }

    /**
     * Calls an exported function whose last three parameters are the
     * output buffer, its capacity and the length out-parameter, and returns
     * the text written.
     */
    public function text(string $function, mixed ...$args): string
    {
        $r = $this->ffi->$function(...$args, ...[$this->out, $this->capacity, FFI::addr($this->outLen)]);
        if ($r === self::RESULT_INSUFFICIENT_SIZE) {
            $needed = $this->outLen->cdata;
            if ($needed > $this->capacity) {
                $this->out = $this->ffi->new("char[$needed]");
                $this->capacity = $needed;
            }
            $r = $this->ffi->$function(...$args, ...[$this->out, $this->capacity, FFI::addr($this->outLen)]);
        }
        if ($r !== self::RESULT_OK) {
            throw $this->error($r);
        }
        return FFI::string($this->out, $this->outLen->cdata);
    }

    /** Checks the result of a call that has no text output. */
    public function check(int $result): void
    {
        if ($result !== self::RESULT_OK) {
            throw $this->error($result);
        }
    }

    /**
     * The options struct for a builder, or null (random salt, clock).
     */
    public function options(?\Agora\Token\Options $o): ?CData
    {
        if ($o === null || ($o->salt === null && $o->issueTs === null)) {
            return null;
        }
        $key = ($o->salt ?? '-') . '/' . ($o->issueTs ?? '-');
        if (!isset($this->optionCache[$key])) {
            if (\count($this->optionCache) > 64) {
                $this->optionCache = [];
            }
            $s = $this->ffi->new('agora_token_options');
            $s->fixed_salt = $o->salt !== null;
            $s->salt = $o->salt ?? 0;
            $s->fixed_issue_ts = $o->issueTs !== null;
            $s->issue_ts = $o->issueTs ?? 0;
            $this->optionCache[$key] = $s;
        }
        return FFI::addr($this->optionCache[$key]);
    }

    /**
     * A PHP-owned copy of $bytes for a pointer field of a struct (a PHP
     * string cannot be stored there directly). Keep the returned buffer
     * alive as long as the struct is used.
     */
    public function buffer(string $bytes): CData
    {
        $n = \strlen($bytes);
        $buf = $this->ffi->new('char[' . max($n, 1) . ']');
        if ($n > 0) {
            FFI::memcpy($buf, $bytes, $n);
        }
        return $buf;
    }

    /** The exception for a failed call, with this thread's last message. */
    public function error(int $result): AgoraTokenException
    {
        $name = (string) $this->ffi->agora_token_result_name($result);
        $message = $this->lastError();
        if ($message === '') {
            $message = $name;
        }
        return match (intdiv($result, 100)) {
            1 => new ParseException($name, $message, $result),
            2 => new InvalidArgumentException($name, $message, $result),
            3 => new VerifyException($name, $message, $result),
            default => new LibraryException($name, $message, $result),
        };
    }

    private function lastError(): string
    {
        $len = $this->ffi->new('size_t');
        if ($this->ffi->agora_token_last_error(null, 0, FFI::addr($len)) !== self::RESULT_INSUFFICIENT_SIZE) {
            return '';
        }
        $n = $len->cdata;
        $buf = $this->ffi->new("char[$n]");
        if ($this->ffi->agora_token_last_error($buf, $n, FFI::addr($len)) !== self::RESULT_OK) {
            return '';
        }
        return FFI::string($buf, $len->cdata);
    }
}
