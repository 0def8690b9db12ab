<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * A builder refused its input; the code says why (invalid_app_id, value_out_of_range, ...).
 */
final class InvalidArgumentException extends \InvalidArgumentException implements AgoraTokenException
{
    use CarriesErrorCode;
}
