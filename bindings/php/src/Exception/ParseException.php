<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The text is not a well-formed 006 or 007 token; the code names the first check that failed (FORMAT.md 7.5).
 */
final class ParseException extends \UnexpectedValueException implements AgoraTokenException
{
    use CarriesErrorCode;
}
