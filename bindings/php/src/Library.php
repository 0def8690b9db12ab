<?php

declare(strict_types=1);

namespace Agora\Token;

use Agora\Token\Exception\LibraryException;
use Agora\Token\Internal\Header;
use Agora\Token\Internal\Native;
use FFI;

/**
 * Finds and loads the native library (libagora_token, the C ABI of the
 * Rust crate) once per process.
 *
 * Where the library is looked for, first match wins:
 * 1. the path in the environment variable AGORA_TOKEN_LIB (a file; an
 *    error if it does not exist);
 * 2. lib/ inside this package (scripts/build-lib.sh puts it there);
 * 3. target/release/ of the repository this package sits in (a checkout
 *    of agora-token-rs after `cargo build --release -p agora-token-ffi`).
 *
 * The declarations come from resources/agora_token.ffi.h, generated from
 * include/agora_token.h by scripts/gen-cdef.php. With opcache preloading
 * (see preload.php) the parsed declarations are shared by every request:
 * a preloaded FFI scope named {@see Library::SCOPE} is preferred over
 * parsing them again.
 *
 * Every failure here is a LibraryException: ffi_unavailable (the FFI
 * extension is not loaded), ffi_disabled (ffi.enable forbids FFI::cdef()
 * here, e.g. "preload" outside the CLI without a preload script),
 * library_not_found, library_load_failed (wrapping the FFI\Exception as
 * `previous`) and library_mismatch (the library's ABI version is not the
 * header's).
 */
final class Library
{
    public const ENV = 'AGORA_TOKEN_LIB';
    public const SCOPE = 'AGORA_TOKEN';

    private static ?FFI $ffi = null;

    /**
     * Every instance that use() replaced, kept until the process ends.
     *
     * PHP's FFI caches, per call site in the compiled script, the struct
     * type it last saw and the field it found in it, and tells a cache hit
     * by the type's address alone. Freeing an instance frees its types; a
     * later instance can get a type at the same address, and the call site
     * then reads the freed field record. The PHP suite met this in CI: after
     * a test swapped instances, writing `resource_type` of an RTM2
     * permission failed with "Attempt to assign read-only field", depending
     * only on where the allocator put things (the checkout's path length
     * was enough to change it). Keeping the old instances alive means no
     * address is reused, at the cost of one parsed declaration set (some
     * tens of KiB) per replacement; use() is for tests and custom loaders,
     * which replace an instance a few times at most.
     *
     * @var list<FFI>
     */
    private static array $replaced = [];

    /** The loaded library; loads it on first use. */
    public static function ffi(): FFI
    {
        return self::$ffi ??= self::load();
    }

    /**
     * Uses $ffi instead of loading the library (tests, custom loaders).
     * The instance must be made from resources/agora_token.ffi.h. Pass null
     * to go back to the default loader. The instance replaced is kept
     * alive until the process ends (see {@see Library::$replaced}).
     */
    public static function use(?FFI $ffi): void
    {
        if ($ffi !== null) {
            self::checkVersion($ffi);
        }
        if (self::$ffi !== null && self::$ffi !== $ffi) {
            self::$replaced[] = self::$ffi;
        }
        self::$ffi = $ffi;
        Native::reset();
    }

    /** The path the library is loaded from, or null if none was found. */
    public static function path(): ?string
    {
        $env = getenv(self::ENV);
        if (\is_string($env) && $env !== '') {
            return $env;
        }
        foreach (self::candidates() as $p) {
            if (is_file($p)) {
                return $p;
            }
        }
        return null;
    }

    /** The C declarations given to FFI::cdef(). */
    public static function declarations(): string
    {
        $file = \dirname(__DIR__) . '/resources/agora_token.ffi.h';
        $text = @file_get_contents($file);
        if ($text === false) {
            throw new LibraryException('library_load_failed', "cannot read the FFI declarations $file");
        }
        return $text;
    }

    /** The version of the loaded library, "MAJOR.MINOR.PATCH". */
    public static function version(): string
    {
        return (string) self::ffi()->agora_token_version();
    }

    /**
     * The declarations with the two #defines FFI::load() and the
     * `ffi.preload` setting read (scope {@see Library::SCOPE}, library
     * $path, default {@see Library::path()}). Written to a file by
     * scripts/preload-header.php for `ffi.preload`.
     */
    public static function preloadHeader(?string $path = null): string
    {
        $path ??= self::path();
        if ($path === null) {
            throw self::notFound();
        }
        $real = realpath($path);
        if ($real === false) {
            throw new LibraryException('library_not_found', "$path is not a file");
        }
        return '#define FFI_SCOPE "' . self::SCOPE . "\"\n"
            . '#define FFI_LIB "' . addcslashes($real, "\"\\") . "\"\n"
            . self::declarations();
    }

    /**
     * For an opcache.preload script (see preload.php): loads the
     * declarations into the scope {@see Library::SCOPE}, which later
     * requests use without parsing them again. PHP refuses FFI::load()
     * together with opcache.preload_user (needed when the server starts as
     * root); use `ffi.preload` with the file from scripts/preload-header.php
     * there instead.
     */
    public static function preload(?string $path = null): void
    {
        self::requireFfi();
        $file = tempnam(sys_get_temp_dir(), 'agora_token_ffi_');
        if ($file === false) {
            throw new LibraryException('library_load_failed', 'cannot create a temporary file for FFI::load()');
        }
        try {
            file_put_contents($file, self::preloadHeader($path));
            try {
                $ffi = FFI::load($file);
            } catch (\FFI\Exception $e) {
                throw new LibraryException('library_load_failed', 'FFI::load() failed: ' . $e->getMessage(), 0, $e);
            }
            if ($ffi === null) {
                throw new LibraryException('library_load_failed', 'FFI::load() could not load the library');
            }
            self::checkVersion($ffi);
        } finally {
            @unlink($file);
        }
    }

    private static function load(): FFI
    {
        self::requireFfi();
        // A scope preloaded by preload.php, if there is one.
        try {
            $ffi = FFI::scope(self::SCOPE);
            self::checkVersion($ffi);
            return $ffi;
        } catch (\FFI\Exception) {
            // Not preloaded: parse the declarations below.
        }
        $path = self::path();
        if ($path === null) {
            throw self::notFound();
        }
        if (!is_file($path)) {
            throw new LibraryException(
                'library_not_found',
                \sprintf('%s is set to %s, which is not a file', self::ENV, $path),
            );
        }
        try {
            $ffi = FFI::cdef(self::declarations(), $path);
        } catch (\FFI\Exception $e) {
            $msg = $e->getMessage();
            if (str_contains($msg, 'ffi.enable')) {
                throw new LibraryException(
                    'ffi_disabled',
                    'FFI is disabled here by ffi.enable (' . ini_get('ffi.enable') . '): set ffi.enable=true, '
                    . 'or preload the library with bindings/php/preload.php (opcache.preload)',
                    0,
                    $e,
                );
            }
            throw new LibraryException('library_load_failed', "cannot load $path: $msg", 0, $e);
        }
        self::checkVersion($ffi);
        return $ffi;
    }

    private static function requireFfi(): void
    {
        if (!\extension_loaded('ffi') || !class_exists(FFI::class, false)) {
            throw new LibraryException(
                'ffi_unavailable',
                'the PHP FFI extension is not loaded: install or enable it (Debian: php-cli ships it; '
                . 'extension=ffi in php.ini) - agora-token needs it to call libagora_token',
            );
        }
    }

    private static function checkVersion(FFI $ffi): void
    {
        $lib = (int) $ffi->agora_token_version_number();
        if ($lib !== Header::VERSION_NUMBER) {
            throw new LibraryException(
                'library_mismatch',
                \sprintf(
                    'libagora_token %s (ABI %d) does not match the declarations generated from header %s (ABI %d)',
                    (string) $ffi->agora_token_version(),
                    $lib,
                    Header::VERSION,
                    Header::VERSION_NUMBER,
                ),
            );
        }
    }

    private static function notFound(): LibraryException
    {
        return new LibraryException(
            'library_not_found',
            \sprintf(
                'libagora_token not found: set %s to its path, or build it (cargo build --release '
                . '-p agora-token-ffi, or bindings/php/scripts/build-lib.sh). Looked in: %s',
                self::ENV,
                implode(', ', self::candidates()),
            ),
        );
    }

    /** @return list<string> */
    private static function candidates(): array
    {
        $file = match (PHP_OS_FAMILY) {
            'Darwin' => 'libagora_token.dylib',
            'Windows' => 'agora_token.dll',
            default => 'libagora_token.so',
        };
        $pkg = \dirname(__DIR__);
        return [$pkg . '/lib/' . $file, \dirname($pkg, 2) . '/target/release/' . $file];
    }
}
