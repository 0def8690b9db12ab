<?php

declare(strict_types=1);

namespace Agora\Token\Internal;

use Agora\Token\Exception\ArgumentTypeError;
use Agora\Token\Exception\InvalidArgumentException;

/**
 * Argument checks shared by every builder, done in PHP before anything
 * crosses into C: the C ABI takes fixed-width integers, and PHP's FFI
 * truncates an out-of-range PHP int silently when it converts it, so a
 * range check after the call would be too late.
 *
 * The rules (issue #6):
 * - text arguments take a PHP string only (lengths are the core's to
 *   check: value_too_long past 65 535 bytes in a 007 field, while 006 signs
 *   only a CRC of its channel and has no limit, and an over-long app id is
 *   simply invalid_app_id); a number is refused with an ArgumentTypeError, never
 *   turned into text (the reference produced tokens for an integer channel
 *   and died on an integer RTM account);
 * - integer arguments take a PHP int only, within the wire width
 *   (value_out_of_range): -1 or 2^32 for an expiry is refused, never
 *   wrapped; floats, bools, null and numeric strings are type errors;
 * - identities where the reference accepted a number (RTC uid and account,
 *   rtc_account) take an int (0..4 294 967 295, written as decimal text, 0
 *   as "" - the wildcard) or a string (used verbatim, so "0" stays "0").
 *
 * @internal
 */
final class Arg
{
    /** The C ABI's numbers for the codes raised here. */
    public const VALUE_TOO_LONG = 203;
    public const VALUE_OUT_OF_RANGE = 204;
    public const INVALID_ARGUMENT = 205;

    public const MAX_U32 = 4294967295;

    public static function text(mixed $value, string $name): string
    {
        if (!\is_string($value)) {
            throw self::typeError($name, 'a string', $value);
        }
        return $value;
    }

    public static function u32(mixed $value, string $name): int
    {
        return self::int($value, $name, 0, self::MAX_U32);
    }

    public static function i16(mixed $value, string $name): int
    {
        return self::int($value, $name, -32768, 32767);
    }

    /** A role selector: any int (it is never written to the token). */
    public static function role(mixed $value, string $name): int
    {
        if (!\is_int($value)) {
            throw self::typeError($name, 'an int', $value);
        }
        return $value;
    }

    public static function int(mixed $value, string $name, int $min, int $max): int
    {
        if (!\is_int($value)) {
            throw self::typeError($name, 'an int', $value);
        }
        if ($value < $min || $value > $max) {
            throw new InvalidArgumentException(
                'value_out_of_range',
                \sprintf('$%s is %d, outside %d..%d', $name, $value, $min, $max),
                self::VALUE_OUT_OF_RANGE,
            );
        }
        return $value;
    }

    /**
     * A numeric-or-text identity as the text the token carries.
     */
    public static function identity(mixed $value, string $name): string
    {
        if (\is_int($value)) {
            $uid = self::u32($value, $name);
            return $uid === 0 ? '' : (string) $uid;
        }
        if (\is_string($value)) {
            return self::text($value, $name);
        }
        throw self::typeError($name, 'an int or a string', $value);
    }

    public static function typeError(string $name, string $expected, mixed $value): ArgumentTypeError
    {
        return new ArgumentTypeError(
            'invalid_argument',
            \sprintf('$%s must be %s, %s given', $name, $expected, get_debug_type($value)),
            self::INVALID_ARGUMENT,
        );
    }
}
