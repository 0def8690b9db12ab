<?php

declare(strict_types=1);

// Composer's autoloader when `composer dump-autoload` has run, else the
// same PSR-4 mapping by hand, so the suite also runs from a bare checkout.
$autoload = dirname(__DIR__) . '/vendor/autoload.php';
if (is_file($autoload)) {
    require $autoload;
} else {
    spl_autoload_register(static function (string $class): void {
        foreach (['Agora\\Token\\Tests\\' => '/tests/', 'Agora\\Token\\' => '/src/'] as $prefix => $dir) {
            if (str_starts_with($class, $prefix)) {
                $file = dirname(__DIR__) . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                if (is_file($file)) {
                    require $file;
                }
                return;
            }
        }
    });
    require dirname(__DIR__) . '/src/functions.php';
}
