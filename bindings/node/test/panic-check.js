'use strict'

// Shows that a panic inside an export becomes a thrown JS error and leaves
// the process running (every export is marked `catch_unwind`). Needs the
// addon built with the `test-panic` feature, which adds one export that
// panics; scripts/ci/50-node.sh builds it and runs:
//   node test/panic-check.js target/release/libagora_token_node.so
// Without catch_unwind the process would abort here instead of printing.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const lib = process.argv[2]
assert.ok(lib, 'usage: node test/panic-check.js PATH_TO_TEST_PANIC_BUILD')
const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agora-panic-')), 'panic.node')
fs.copyFileSync(lib, copy)
const native = require(copy)
assert.equal(typeof native.testPanic, 'function', 'build with --features test-panic')

for (let i = 0; i < 3; i++) {
  assert.throws(
    () => native.testPanic('deliberate test panic'),
    (e) => e instanceof Error && /deliberate test panic/.test(e.message),
  )
}
// The addon still works after the panics.
const t = native.rtmToken('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 'u', 600, 1, 2)
assert.ok(t.startsWith('007'))
console.log('panic check: 3 panics became JS errors; the process and the addon kept working')
