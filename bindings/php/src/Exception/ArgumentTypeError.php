<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * An argument has the wrong PHP type: a float, null, bool, array or numeric
 * string where an int is needed, a number where only text is accepted. Code
 * invalid_argument; the message names the argument. A \TypeError, like the
 * one PHP itself throws for a typed parameter.
 */
final class ArgumentTypeError extends \TypeError implements AgoraTokenException
{
    use CarriesErrorCode;
}
