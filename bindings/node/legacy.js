'use strict'

// `require('agora-token-rs/legacy')`: the same exports as npm
// agora-access-token (RtcTokenBuilder, RtcRole, RtmTokenBuilder, RtmRole), for
// a one-line switch from it; the members of `require('agora-token-rs').legacy`.
// Spelt out so that ESM named imports see them.
const { legacy } = require('./index.js')

exports.RtcTokenBuilder = legacy.RtcTokenBuilder
exports.RtcRole = legacy.RtcRole
exports.RtmTokenBuilder = legacy.RtmTokenBuilder
exports.RtmRole = legacy.RtmRole
