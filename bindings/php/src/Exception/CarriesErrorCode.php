<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The shared constructor and accessor of the exception classes.
 *
 * @internal
 */
trait CarriesErrorCode
{
    private string $errorCode;

    /**
     * @param string $errorCode snake_case code of the core library
     * @param int $nativeCode the C ABI result number, 0 where there is none
     */
    public function __construct(
        string $errorCode,
        string $message,
        int $nativeCode = 0,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, $nativeCode, $previous);
        $this->errorCode = $errorCode;
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }
}
