<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The token parsed but did not pass verification: certificate_rejected,
 * signature_mismatch, crc_mismatch, expired, privilege_missing or
 * identity_mismatch.
 */
final class VerifyException extends \RuntimeException implements AgoraTokenException
{
    use CarriesErrorCode;
}
