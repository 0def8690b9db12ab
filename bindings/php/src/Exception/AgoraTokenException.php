<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * Implemented by every error this package throws, so one `catch` takes them
 * all. The concrete classes extend the matching SPL class:
 *
 * - {@see InvalidArgumentException} (\InvalidArgumentException): a builder refused
 *   its input (invalid_app_id, invalid_app_certificate, no_services,
 *   value_too_long, value_out_of_range, invalid_argument);
 * - {@see ParseException} (\UnexpectedValueException): the text is not a
 *   well-formed token (bad_version, bad_payload, bad_base64, bad_zlib,
 *   truncated_payload, trailing_data, payload_too_large);
 * - {@see VerifyException} (\RuntimeException): the token parsed but failed
 *   a check (certificate_rejected, signature_mismatch, crc_mismatch,
 *   expired, privilege_missing, identity_mismatch);
 * - {@see ArgumentTypeError} (\TypeError): an argument of the wrong PHP type
 *   (code invalid_argument);
 * - {@see LibraryException} (\RuntimeException): the FFI extension or the
 *   native library is missing or does not match, or the library failed
 *   internally.
 *
 * getErrorCode() is the core library's stable snake_case code, the same
 * string the Rust crate, the C ABI, the CLI and the other bindings report.
 * getCode() is the C ABI's number for it (0 where there is none).
 */
interface AgoraTokenException extends \Throwable
{
    public function getErrorCode(): string;
}
