<?php

declare(strict_types=1);

namespace Agora\Token\Exception;

/**
 * The FFI extension or the native library is missing, the library does not
 * match the generated declarations, or it failed internally (code panic: a
 * bug, please report it). A load failure keeps the FFI\Exception as
 * getPrevious().
 */
final class LibraryException extends \RuntimeException implements AgoraTokenException
{
    use CarriesErrorCode;
}
