<?php

declare(strict_types=1);

namespace Agora\Token\Tests;

/**
 * Loads the shared vectors (AGORA_VECTORS_DIR, else ../shared/vectors next
 * to the repository) and runs their build calls through the PHP API.
 */
final class Vectors
{
    public const FILES = [
        'token006_build.json',
        'token007_builders.json',
        'token007_services.json',
        'parse.json',
        'negative.json',
    ];

    /** @var list<array<string, mixed>>|null */
    private static ?array $all = null;

    public static function dir(): string
    {
        $env = getenv('AGORA_VECTORS_DIR');
        $dir = \is_string($env) && $env !== '' ? $env : \dirname(__DIR__, 4) . '/shared/vectors';
        if (!is_dir($dir)) {
            throw new \RuntimeException("shared vectors not found at $dir: set AGORA_VECTORS_DIR");
        }
        return $dir;
    }

    /** @return list<array<string, mixed>> */
    public static function all(): array
    {
        if (self::$all === null) {
            self::$all = [];
            foreach (self::FILES as $f) {
                $doc = json_decode((string) file_get_contents(self::dir() . "/$f"), true, 512, JSON_THROW_ON_ERROR);
                foreach ($doc['vectors'] as $v) {
                    self::$all[] = $v;
                }
            }
        }
        return self::$all;
    }

    /**
     * @return array<string, array{array<string, mixed>}>
     */
    public static function ofKind(string $kind): array
    {
        $out = [];
        foreach (self::all() as $v) {
            if ($v['kind'] === $kind) {
                $out[$v['name']] = [$v];
            }
        }
        return $out;
    }
}
