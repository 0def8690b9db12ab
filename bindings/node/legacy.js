'use strict'

// `require('agora-token-rs/legacy')`: the same exports as npm
// agora-access-token (RtcTokenBuilder, RtcRole, RtmTokenBuilder, RtmRole), for
// a one-line switch from it. The same object as `require('agora-token-rs').legacy`.
module.exports = require('./index.js').legacy
