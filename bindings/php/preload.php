<?php

/**
 * opcache.preload script: loads the FFI declarations of libagora_token once
 * per server start, so requests use the preloaded scope instead of parsing
 * them again (and so FFI works with the default ffi.enable=preload of PHP
 * outside the CLI).
 *
 *   opcache.preload=/path/to/vendor/agora-token-rs/agora-token/preload.php
 *   opcache.preload_user=www-data
 *
 * The library path is found as at run time (AGORA_TOKEN_LIB, lib/, the
 * cargo target directory).
 */

declare(strict_types=1);

require_once __DIR__ . '/autoload.php';

\Agora\Token\Library::preload();
