'use strict'
// The shared bad-input matrix (tests/bad_inputs.json) against the Node
// package (bindings/node), through its public API.
//
// Usage: node tests/bad_inputs/run_node.js [VECTORS_DIR]
// (default: $AGORA_VECTORS_DIR, else ../shared/vectors beside the checkout).
//
// Every entry must throw an error whose `code` is the entry's expected_code:
// nothing else thrown, no token, no ''. Entries with not_applicable.node are
// recorded as not applicable with their reason. Exit status 1 on any failure.
//
// Markers: $null -> null, $undefined -> undefined, $repeat -> string,
// $vector_token -> string, $hex -> the closest a JavaScript string gets to
// bytes that are not UTF-8: each byte of the valid UTF-8 runs decoded, every
// other byte b written as the lone surrogate U+DC00 + b (ill-formed UTF-16,
// as Python's surrogateescape does).

const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const LANG = 'node'
const ROOT = path.resolve(__dirname, '..', '..')
const agora = require(path.join(ROOT, 'bindings', 'node'))

function vectorsDir() {
  if (process.argv[2]) return process.argv[2]
  if (process.env.AGORA_VECTORS_DIR) return process.env.AGORA_VECTORS_DIR
  return path.join(ROOT, '..', 'shared', 'vectors')
}

function vectorTokens(dir) {
  const out = new Map()
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))
    for (const v of doc.vectors || []) {
      const t = v.expected && v.expected.token
      if (typeof t === 'string') out.set(v.name, t)
    }
  }
  return out
}

// Bytes to a JS string: valid UTF-8 sequences decoded, stray bytes as lone
// surrogates.
function bytesToString(buf) {
  let s = ''
  let i = 0
  while (i < buf.length) {
    const b = buf[i]
    const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0
    const seq = n > 0 ? buf.subarray(i, i + n) : null
    const ok =
      seq !== null &&
      seq.length === n &&
      seq.subarray(1).every((c) => c >> 6 === 2) &&
      Buffer.from(seq.toString('utf8'), 'utf8').equals(seq)
    if (ok) {
      s += seq.toString('utf8')
      i += n
    } else {
      s += String.fromCharCode(0xdc00 + b)
      i += 1
    }
  }
  return s
}

function resolve(v, tokens) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
  if ('$null' in v) return null
  if ('$undefined' in v) return undefined
  if ('$hex' in v) return bytesToString(Buffer.from(v.$hex, 'hex'))
  if ('$repeat' in v) return (v.prefix || '') + v.$repeat.repeat(v.count)
  if ('$zip_bomb' in v) {
    const body = zlib.deflateSync(Buffer.alloc(v.$zip_bomb.zeros), { level: 9 })
    return '007' + body.toString('base64')
  }
  if ('$vector_token' in v) {
    let t = tokens.get(v.$vector_token)
    if (t === undefined) throw new Error(`no build vector ${v.$vector_token}`)
    if (v.keep !== undefined) t = t.slice(0, v.keep)
    for (const [a, b] of v.replace || []) {
      if (!t.includes(a)) throw new Error(`${v.$vector_token} has no ${JSON.stringify(a)}`)
      t = t.split(a).join(b)
    }
    t = (v.prefix || '') + t + (v.suffix || '')
    if (v.suffix_hex) t += bytesToString(Buffer.from(v.suffix_hex, 'hex'))
    return t
  }
  return v
}

const opts007 = (f) => (f ? { salt: f.salt, issueTs: f.issue_ts } : undefined)
const opts006 = (f) => (f ? { salt: f.salt, now: f.now } : undefined)

// call name -> [function, positional argument names, fixed -> options]
const BUILDERS = {
  'RtcTokenBuilder2.buildTokenWithUid': [
    agora.RtcTokenBuilder.buildTokenWithUid,
    ['app_id', 'app_certificate', 'channel_name', 'uid', 'role', 'token_expire', 'privilege_expire'],
    opts007,
  ],
  'RtcTokenBuilder2.buildTokenWithUserAccount': [
    agora.RtcTokenBuilder.buildTokenWithUserAccount,
    ['app_id', 'app_certificate', 'channel_name', 'account', 'role', 'token_expire', 'privilege_expire'],
    opts007,
  ],
  'RtmTokenBuilder2.buildToken': [
    agora.RtmTokenBuilder.buildToken,
    ['app_id', 'app_certificate', 'user_id', 'expire'],
    opts007,
  ],
  'ChatTokenBuilder2.buildUserToken': [
    agora.ChatTokenBuilder.buildUserToken,
    ['app_id', 'app_certificate', 'user_id', 'expire'],
    opts007,
  ],
  'ApaasTokenBuilder.buildRoomUserToken': [
    agora.ApaasTokenBuilder.buildRoomUserToken,
    ['app_id', 'app_certificate', 'room_uuid', 'user_uuid', 'role', 'expire'],
    opts007,
  ],
  'RtcTokenBuilder.buildTokenWithUid': [
    agora.legacy.RtcTokenBuilder.buildTokenWithUid,
    ['app_id', 'app_certificate', 'channel_name', 'uid', 'role', 'privilege_expired_ts'],
    opts006,
  ],
  'RtmTokenBuilder.buildToken': [
    agora.legacy.RtmTokenBuilder.buildToken,
    ['app_id', 'app_certificate', 'user_account', 'role', 'privilege_expired_ts'],
    opts006,
  ],
}

function run(entry, defaults, tokens) {
  const raw = { ...(defaults[entry.call] || {}), ...entry.args }
  const args = {}
  for (const [k, v] of Object.entries(raw)) args[k] = resolve(v, tokens)
  if (entry.call === 'parse') return agora.parse(args.token)
  if (entry.call === 'verify') {
    const expect = {}
    for (const [src, dst] of [
      ['channel_name', 'channel'],
      ['uid', 'uid'],
      ['user', 'user'],
      ['now', 'now'],
    ]) {
      if (src in args) expect[dst] = args[src]
    }
    return agora.verify(args.token, args.app_certificate, expect)
  }
  const [fn, names, toOpts] = BUILDERS[entry.call]
  if (!fn) throw new Error(`no mapping for ${entry.call}`)
  const opts = toOpts(entry.fixed)
  const positional = names.map((n) => args[n])
  return opts === undefined ? fn(...positional) : fn(...positional, opts)
}

function main() {
  const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'bad_inputs.json'), 'utf8'))
  if (doc.schema !== 'agora-token-bad-inputs/1') throw new Error('unknown schema')
  const tokens = vectorTokens(vectorsDir())
  let passed = 0
  let na = 0
  const failures = []
  for (const e of doc.entries) {
    const reason = (e.not_applicable || {})[LANG]
    let got
    try {
      const r = run(e, doc.defaults, tokens)
      got = `no error: returned ${JSON.stringify(r).slice(0, 40)}`
    } catch (x) {
      if (x && typeof x.code === 'string' && x.message) got = x.code
      else got = `${x && x.constructor ? x.constructor.name : typeof x} without code: ${x && x.message}`
    }
    if (reason) {
      // Node can express every marker; a reason here would hide a result.
      na += 1
      console.log(`n/a   ${e.name}: ${reason} (ran anyway: ${got})`)
    } else if (got === e.expected_code) {
      passed += 1
      console.log(`ok    ${e.name}: ${got}`)
    } else {
      failures.push(`${e.name}: got ${got}, expected ${e.expected_code}`)
    }
  }
  for (const f of failures) console.log(`FAIL  ${f}`)
  console.log(`bad inputs (${LANG}): ${passed} passed, ${failures.length} failed, ${na} not applicable`)
  process.exitCode = failures.length ? 1 : 0
}

main()
