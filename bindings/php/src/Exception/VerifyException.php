<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The token parsed but did not pass verification: wrong certificate, signature, CRC, expiry, privilege or identity.
 */
final class VerifyException extends \RuntimeException implements AgoraTokenException
{
    use CarriesErrorCode;
}
