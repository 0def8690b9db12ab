'use strict'

const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

/** The shared vectors: AGORA_VECTORS_DIR, else ../shared/vectors beside the checkout. */
function vectorsDir() {
  if (process.env.AGORA_VECTORS_DIR) return process.env.AGORA_VECTORS_DIR
  return path.resolve(__dirname, '../../../../shared/vectors')
}

const FILES = ['token006_build.json', 'token007_builders.json', 'token007_services.json', 'parse.json', 'negative.json']

function allVectors() {
  const out = []
  for (const f of FILES) {
    const doc = JSON.parse(fs.readFileSync(path.join(vectorsDir(), f), 'utf8'))
    for (const v of doc.vectors) out.push({ file: f, ...v })
  }
  return out
}

/** 007: the zlib-inflated payload; 006: the base64-decoded content (hex). */
function payloadHex(token) {
  if (token.startsWith('007')) return zlib.inflateSync(Buffer.from(token.slice(3), 'base64')).toString('hex')
  return Buffer.from(token.slice(35), 'base64').toString('hex')
}

module.exports = { vectorsDir, allVectors, payloadHex }
