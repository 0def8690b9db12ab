'use strict'

// index.d.ts is written by hand (binding.d.ts is the generated one): check
// with the TypeScript compiler that it declares exactly the values index.js
// and legacy.js export, and for each class exactly its static methods.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const ts = require('typescript')

const ROOT = path.join(__dirname, '..')

function declared(file) {
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [] })
  const checker = program.getTypeChecker()
  const mod = checker.getSymbolAtLocation(program.getSourceFile(file))
  const out = new Map()
  for (const sym of checker.getExportsOfModule(mod)) {
    const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym
    if (!(s.flags & ts.SymbolFlags.Value)) continue // types and interfaces
    const type = checker.getTypeOfSymbolAtLocation(s, s.valueDeclaration)
    const members = checker
      .getPropertiesOfType(type)
      .filter((p) => {
        const t = checker.getTypeOfSymbolAtLocation(p, p.valueDeclaration || s.valueDeclaration)
        return t.getCallSignatures().length > 0 && p.name !== 'prototype'
      })
      .map((p) => p.name)
      .sort()
    out.set(sym.name, members)
  }
  return out
}

function runtime(mod) {
  const out = new Map()
  for (const [k, v] of Object.entries(mod)) {
    const obj = typeof v === 'function' ? v : null
    const members = obj
      ? Object.getOwnPropertyNames(obj)
          .filter((n) => typeof obj[n] === 'function')
          .sort()
      : []
    out.set(k, members)
  }
  return out
}

for (const [dts, js] of [
  ['index.d.ts', 'index.js'],
  ['legacy.d.ts', 'legacy.js'],
]) {
  test(`${dts} declares what ${js} exports`, () => {
    const d = declared(path.join(ROOT, dts))
    const r = runtime(require(path.join(ROOT, js)))
    assert.deepEqual([...d.keys()].sort(), [...r.keys()].sort(), 'exported names')
    for (const [name, members] of r) {
      // Plain functions (parse, verify, ...) have no static members to compare.
      if (members.length || (d.get(name) || []).length) assert.deepEqual(d.get(name), members, `${name} methods`)
    }
  })
}
