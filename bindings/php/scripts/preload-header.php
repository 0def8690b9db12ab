<?php

/**
 * Prints the FFI declarations with FFI_SCOPE and FFI_LIB set, for PHP's
 * `ffi.preload` setting (which, unlike FFI::load() in an opcache.preload
 * script, also works when the server drops root with opcache.preload_user):
 *
 *   php scripts/preload-header.php [path/to/libagora_token.so] > /etc/php/agora_token.h
 *   ffi.preload=/etc/php/agora_token.h
 *
 * Without a path the library is found as at run time.
 */

declare(strict_types=1);

require_once __DIR__ . '/../autoload.php';

echo \Agora\Token\Library::preloadHeader($argv[1] ?? null);
