<?php

declare(strict_types=1);

// Composer's autoloader when `composer dump-autoload --dev` has run, else
// the package's own loader plus the tests directory, so the suite also runs
// from a bare checkout.
$autoload = dirname(__DIR__) . '/vendor/autoload.php';
if (is_file($autoload)) {
    require $autoload;
} else {
    require dirname(__DIR__) . '/autoload.php';
    spl_autoload_register(static function (string $class): void {
        $prefix = 'Agora\\Token\\Tests\\';
        if (str_starts_with($class, $prefix)) {
            $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
        }
    });
}
