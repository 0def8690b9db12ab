<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The text is not a well-formed 006 or 007 token; the code names the first
 * check that failed (bad_version, bad_payload, bad_base64, trailing_data,
 * bad_zlib, truncated_payload, payload_too_large).
 */
final class ParseException extends \UnexpectedValueException implements AgoraTokenException
{
    use CarriesErrorCode;
}
