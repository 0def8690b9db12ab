#!/usr/bin/env bash
# PHP package (bindings/php) over the C ABI: installs php-cli (FFI on for
# the CLI), Composer, PHPUnit, PHP_CodeSniffer and valgrind from Debian,
# builds libagora_token, checks the generated FFI declarations for drift
# and the code style (PSR-12), then runs the PHPUnit suite, plainly and
# under valgrind: all 281 shared vectors through the PHP classes, the
# issue-6 bad inputs, and the loader failures.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
apt_install php-cli composer phpunit php-codesniffer valgrind
php -r 'exit(extension_loaded("ffi") ? 0 : 1);' || { echo "php-cli has no FFI extension" >&2; exit 1; }
# The shared vectors: AGORA_VECTORS_DIR, else ../shared/vectors beside the
# checkout (the test suite fails loudly when neither exists).
if [ -z "${AGORA_VECTORS_DIR:-}" ]; then
  AGORA_VECTORS_DIR="$(cd .. && pwd)/shared/vectors"
fi
export AGORA_VECTORS_DIR

cd bindings/php
# The library goes to bindings/php/lib/, where the package finds it; the
# tests unset AGORA_TOKEN_LIB for the child processes that exercise lookup.
unset AGORA_TOKEN_LIB
bash scripts/build-lib.sh
php scripts/gen-cdef.php --check
composer validate --strict --no-check-publish --no-interaction
composer dump-autoload --dev --no-interaction --quiet
phpcs
php bench/rtm_build.php --quick
phpunit
# The same suite under valgrind's memcheck: the package hands PHP-owned
# buffers to the library by pointer and must keep each alive until the
# call returns. USE_ZEND_ALLOC=0 makes PHP use malloc, so memcheck sees
# each allocation; PCRE's JIT is off because its vector loads read past
# the end of a string on purpose, which memcheck reports as invalid reads
# (hundreds per run with it on; none with it off).
USE_ZEND_ALLOC=0 valgrind -q --error-exitcode=99 php -d pcre.jit=0 "$(command -v phpunit)"
