<?php

/**
 * A PSR-4 autoloader for this package alone, for use without Composer
 * (a plain checkout, the preload scripts). With Composer, require
 * vendor/autoload.php instead.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Agora\\Token\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, \strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
require_once __DIR__ . '/src/functions.php';
