<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The input was refused: invalid_app_id, invalid_app_certificate,
 * no_services, value_too_long, value_out_of_range, or invalid_argument
 * (e.g. a 006 token verified without the channel and uid it was signed for).
 */
final class InvalidArgumentException extends \InvalidArgumentException implements AgoraTokenException
{
    use CarriesErrorCode;
}
