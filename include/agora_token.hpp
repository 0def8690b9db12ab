// agora_token.hpp: header-only C++17 wrapper over the C ABI in
// agora_token.h. Functions return std::string and throw agora_token::error
// (code + message) on failure. Needs only the C header and the library:
// no OpenSSL or zlib headers.
//
//   #include <agora_token.hpp>
//   std::string t = agora_token::rtm_build(app_id, app_certificate,
//                                          "alice", 3600);
//
// Thread-safe like the C ABI. Strings are byte strings (std::string_view):
// they need not be UTF-8 or NUL-terminated.
#ifndef AGORA_TOKEN_HPP
#define AGORA_TOKEN_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "agora_token.h"

namespace agora_token {

// The one exception type: the C result code, its stable snake_case name
// and the message naming the argument at fault. what() is
// "<code name>: <message>".
class error : public std::runtime_error {
 public:
  error(agora_token_result code, const std::string &message)
      : std::runtime_error(std::string(agora_token_result_name(code)) + ": " +
                           message),
        code_(code),
        message_(message) {}

  agora_token_result code() const noexcept { return code_; }
  // "bad_base64", "invalid_app_id", ...: the same names every binding uses.
  std::string_view code_name() const noexcept {
    return agora_token_result_name(static_cast<uint32_t>(code_));
  }
  const std::string &message() const noexcept { return message_; }

 private:
  agora_token_result code_;
  std::string message_;
};

// Fixed salt and issue time (007) or "now" (006); unset = random / clock.
struct options {
  std::optional<uint32_t> salt;
  std::optional<uint32_t> issue_ts;
};

// One RTM2 permission entry (resource type, permission type, resources).
struct rtm2_permission {
  uint16_t resource_type = AGORA_TOKEN_RTM2_RESOURCE_MESSAGE_CHANNEL;
  uint16_t permission_type = AGORA_TOKEN_RTM2_PERMISSION_READ;
  std::vector<std::string> resources;
};

// What verify() checks beyond the signature; unset members are not
// checked. An empty uid is the wildcard "any user".
struct expect {
  std::optional<std::string_view> user;
  std::optional<std::string_view> channel;
  std::optional<std::string_view> uid;
  // Check expiry at this Unix time (0 = the current time).
  std::optional<uint64_t> now;
};

namespace detail {

inline std::string last_error_message() {
  std::string buf(256, '\0');
  for (int i = 0; i < 4; i++) {
    size_t n = 0;
    agora_token_result r = agora_token_last_error(buf.data(), buf.size(), &n);
    if (r == AGORA_TOKEN_RESULT_OK) {
      buf.resize(n);
      return buf;
    }
    if (r != AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE) break;
    buf.assign(n, '\0');
  }
  return "(no message)";
}

inline void check(agora_token_result r) {
  if (r != AGORA_TOKEN_RESULT_OK) throw error(r, last_error_message());
}

// Calls f(buf, capacity, &len), growing the buffer on INSUFFICIENT_SIZE. A
// random salt can change a token's length by a few bytes between calls,
// hence the slack and the loop.
template <class F>
std::string call_out(F &&f) {
  std::string buf(512, '\0');
  for (int i = 0; i < 8; i++) {
    size_t n = 0;
    agora_token_result r = f(buf.data(), buf.size(), &n);
    if (r == AGORA_TOKEN_RESULT_OK) {
      buf.resize(n);
      return buf;
    }
    if (r != AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE) throw error(r, last_error_message());
    buf.assign(n + 64, '\0');
  }
  throw error(AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE, "output size kept changing");
}

inline agora_token_options c_options(const options &o) {
  agora_token_options c{};
  c.fixed_salt = o.salt.has_value();
  c.salt = o.salt.value_or(0);
  c.fixed_issue_ts = o.issue_ts.has_value();
  c.issue_ts = o.issue_ts.value_or(0);
  return c;
}

}  // namespace detail

// ---- 007 builders (lifetimes in seconds from the issue time) ----------

inline std::string rtc_build_with_uid(std::string_view app_id, std::string_view app_certificate,
                                      std::string_view channel_name, uint32_t uid, int64_t role,
                                      uint32_t token_expire, uint32_t privilege_expire,
                                      const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc_build_with_uid(app_id.data(), app_id.size(), app_certificate.data(),
                                          app_certificate.size(), channel_name.data(),
                                          channel_name.size(), uid, role, token_expire,
                                          privilege_expire, &o, b, c, n);
  });
}

inline std::string rtc_build_with_user_account(std::string_view app_id,
                                               std::string_view app_certificate,
                                               std::string_view channel_name,
                                               std::string_view account, int64_t role,
                                               uint32_t token_expire, uint32_t privilege_expire,
                                               const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc_build_with_user_account(
        app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
        channel_name.data(), channel_name.size(), account.data(), account.size(), role,
        token_expire, privilege_expire, &o, b, c, n);
  });
}

inline std::string rtc_build_with_uid_and_privilege(
    std::string_view app_id, std::string_view app_certificate, std::string_view channel_name,
    uint32_t uid, uint32_t token_expire, uint32_t join_channel_privilege_expire,
    uint32_t pub_audio_privilege_expire, uint32_t pub_video_privilege_expire,
    uint32_t pub_data_stream_privilege_expire, const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc_build_with_uid_and_privilege(
        app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
        channel_name.data(), channel_name.size(), uid, token_expire,
        join_channel_privilege_expire, pub_audio_privilege_expire, pub_video_privilege_expire,
        pub_data_stream_privilege_expire, &o, b, c, n);
  });
}

inline std::string rtc_build_with_user_account_and_privilege(
    std::string_view app_id, std::string_view app_certificate, std::string_view channel_name,
    std::string_view account, uint32_t token_expire, uint32_t join_channel_privilege_expire,
    uint32_t pub_audio_privilege_expire, uint32_t pub_video_privilege_expire,
    uint32_t pub_data_stream_privilege_expire, const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc_build_with_user_account_and_privilege(
        app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
        channel_name.data(), channel_name.size(), account.data(), account.size(), token_expire,
        join_channel_privilege_expire, pub_audio_privilege_expire, pub_video_privilege_expire,
        pub_data_stream_privilege_expire, &o, b, c, n);
  });
}

inline std::string rtc_build_with_rtm(std::string_view app_id, std::string_view app_certificate,
                                      std::string_view channel_name, std::string_view account,
                                      int64_t role, uint32_t token_expire,
                                      uint32_t privilege_expire, const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc_build_with_rtm(app_id.data(), app_id.size(), app_certificate.data(),
                                          app_certificate.size(), channel_name.data(),
                                          channel_name.size(), account.data(), account.size(),
                                          role, token_expire, privilege_expire, &o, b, c, n);
  });
}

// The three RTC + RTM builders share their twelve inputs; `rtc_account` is
// the RTC identity as signed (decimal text for a numeric uid, "" for 0).
struct rtc_rtm_inputs {
  std::string_view channel_name;
  std::string_view rtc_account;
  int64_t rtc_role = AGORA_TOKEN_ROLE_PUBLISHER;
  uint32_t rtc_token_expire = 0;
  uint32_t join_channel_privilege_expire = 0;
  uint32_t pub_audio_privilege_expire = 0;
  uint32_t pub_video_privilege_expire = 0;
  uint32_t pub_data_stream_privilege_expire = 0;
  std::string_view rtm_user_id;
  uint32_t rtm_token_expire = 0;
};

namespace detail {
using rtc_rtm_fn = agora_token_result (*)(const char *, size_t, const char *, size_t,
                                          const char *, size_t, const char *, size_t, int64_t,
                                          uint32_t, uint32_t, uint32_t, uint32_t, uint32_t,
                                          const char *, size_t, uint32_t,
                                          const agora_token_options *, char *, size_t, size_t *);
inline std::string rtc_rtm(rtc_rtm_fn fn, std::string_view app_id,
                           std::string_view app_certificate, const rtc_rtm_inputs &in,
                           const options &opts) {
  auto o = c_options(opts);
  return call_out([&](char *b, size_t c, size_t *n) {
    return fn(app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
              in.channel_name.data(), in.channel_name.size(), in.rtc_account.data(),
              in.rtc_account.size(), in.rtc_role, in.rtc_token_expire,
              in.join_channel_privilege_expire, in.pub_audio_privilege_expire,
              in.pub_video_privilege_expire, in.pub_data_stream_privilege_expire,
              in.rtm_user_id.data(), in.rtm_user_id.size(), in.rtm_token_expire, &o, b, c, n);
  });
}
}  // namespace detail

inline std::string rtc_build_with_rtm2(std::string_view app_id, std::string_view app_certificate,
                                       const rtc_rtm_inputs &in, const options &opts = {}) {
  return detail::rtc_rtm(agora_token_rtc_build_with_rtm2, app_id, app_certificate, in, opts);
}

inline std::string convoai_build(std::string_view app_id, std::string_view app_certificate,
                                 const rtc_rtm_inputs &in, const options &opts = {}) {
  return detail::rtc_rtm(agora_token_convoai_build, app_id, app_certificate, in, opts);
}

inline std::string stt_build(std::string_view app_id, std::string_view app_certificate,
                             const rtc_rtm_inputs &in, const options &opts = {}) {
  return detail::rtc_rtm(agora_token_stt_build, app_id, app_certificate, in, opts);
}

inline std::string rtm_build(std::string_view app_id, std::string_view app_certificate,
                             std::string_view user_id, uint32_t expire,
                             const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtm_build(app_id.data(), app_id.size(), app_certificate.data(),
                                 app_certificate.size(), user_id.data(), user_id.size(), expire,
                                 &o, b, c, n);
  });
}

inline std::string rtm_build_with_permissions(std::string_view app_id,
                                              std::string_view app_certificate,
                                              std::string_view user_id,
                                              const std::vector<rtm2_permission> &permissions,
                                              uint32_t expire, const options &opts = {}) {
  auto o = detail::c_options(opts);
  std::vector<std::vector<agora_token_bytes>> res(permissions.size());
  std::vector<agora_token_rtm2_permission> perms(permissions.size());
  for (size_t i = 0; i < permissions.size(); i++) {
    for (const auto &r : permissions[i].resources) res[i].push_back({r.data(), r.size()});
    perms[i] = {permissions[i].resource_type, permissions[i].permission_type, res[i].data(),
                res[i].size()};
  }
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtm_build_with_permissions(
        app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
        user_id.data(), user_id.size(), perms.data(), perms.size(), expire, &o, b, c, n);
  });
}

inline std::string chat_build_user(std::string_view app_id, std::string_view app_certificate,
                                   std::string_view user_id, uint32_t expire,
                                   const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_chat_build_user(app_id.data(), app_id.size(), app_certificate.data(),
                                       app_certificate.size(), user_id.data(), user_id.size(),
                                       expire, &o, b, c, n);
  });
}

inline std::string chat_build_app(std::string_view app_id, std::string_view app_certificate,
                                  uint32_t expire, const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_chat_build_app(app_id.data(), app_id.size(), app_certificate.data(),
                                      app_certificate.size(), expire, &o, b, c, n);
  });
}

inline std::string fpa_build(std::string_view app_id, std::string_view app_certificate,
                             const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_fpa_build(app_id.data(), app_id.size(), app_certificate.data(),
                                 app_certificate.size(), &o, b, c, n);
  });
}

inline std::string apaas_build_room_user(std::string_view app_id,
                                         std::string_view app_certificate,
                                         std::string_view room_uuid, std::string_view user_uuid,
                                         int16_t role, uint32_t expire,
                                         const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_apaas_build_room_user(
        app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
        room_uuid.data(), room_uuid.size(), user_uuid.data(), user_uuid.size(), role, expire, &o,
        b, c, n);
  });
}

inline std::string apaas_build_user(std::string_view app_id, std::string_view app_certificate,
                                    std::string_view user_uuid, uint32_t expire,
                                    const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_apaas_build_user(app_id.data(), app_id.size(), app_certificate.data(),
                                        app_certificate.size(), user_uuid.data(),
                                        user_uuid.size(), expire, &o, b, c, n);
  });
}

inline std::string apaas_build_app(std::string_view app_id, std::string_view app_certificate,
                                   uint32_t expire, const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_apaas_build_app(app_id.data(), app_id.size(), app_certificate.data(),
                                       app_certificate.size(), expire, &o, b, c, n);
  });
}

// ---- 006 builders (expiry arguments are absolute Unix times) -----------

inline std::string rtc006_build_with_uid(std::string_view app_id,
                                         std::string_view app_certificate,
                                         std::string_view channel_name, uint32_t uid,
                                         int64_t role, uint32_t privilege_expired_ts,
                                         const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc006_build_with_uid(app_id.data(), app_id.size(),
                                             app_certificate.data(), app_certificate.size(),
                                             channel_name.data(), channel_name.size(), uid, role,
                                             privilege_expired_ts, &o, b, c, n);
  });
}

inline std::string rtc006_build_with_account(std::string_view app_id,
                                             std::string_view app_certificate,
                                             std::string_view channel_name,
                                             std::string_view account, int64_t role,
                                             uint32_t privilege_expired_ts,
                                             const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtc006_build_with_account(
        app_id.data(), app_id.size(), app_certificate.data(), app_certificate.size(),
        channel_name.data(), channel_name.size(), account.data(), account.size(), role,
        privilege_expired_ts, &o, b, c, n);
  });
}

inline std::string rtm006_build(std::string_view app_id, std::string_view app_certificate,
                                std::string_view user_account, uint32_t privilege_expired_ts,
                                const options &opts = {}) {
  auto o = detail::c_options(opts);
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_rtm006_build(app_id.data(), app_id.size(), app_certificate.data(),
                                    app_certificate.size(), user_account.data(),
                                    user_account.size(), privilege_expired_ts, &o, b, c, n);
  });
}

// ---- JSON entry point, parse, inspect, verify ----------------------------

// A build call by its vector name with JSON inputs ("AccessToken2" takes a
// service list); `fixed_json` empty = no fixed values.
inline std::string build_json(std::string_view call, std::string_view inputs_json,
                              std::string_view fixed_json = {}) {
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_build_json(call.data(), call.size(), inputs_json.data(),
                                  inputs_json.size(), fixed_json.data(), fixed_json.size(), b, c,
                                  n);
  });
}

// The token's fields as JSON (unverified).
inline std::string parse_json(std::string_view token) {
  return detail::call_out([&](char *b, size_t c, size_t *n) {
    return agora_token_parse_json(token.data(), token.size(), b, c, n);
  });
}

namespace detail {
inline agora_token_expect c_expect(const expect &e) {
  agora_token_expect c{};
  // A non-NULL pointer is needed for a present but empty value.
  auto set = [](const std::optional<std::string_view> &v, const char **p, size_t *n) {
    if (v) {
      *p = v->data() ? v->data() : "";
      *n = v->size();
    }
  };
  set(e.user, &c.user, &c.user_len);
  set(e.channel, &c.channel, &c.channel_len);
  set(e.uid, &c.uid, &c.uid_len);
  c.check_expiry = e.now.has_value();
  c.now = e.now.value_or(0);
  return c;
}
}  // namespace detail

// The inspect document as JSON, the members of the CLI's inspect --json.
// The signature is checked when a certificate is given (a 006 token also
// needs `identity`: channel + uid, or user). now 0 = the current time.
inline std::string inspect_json(std::string_view token,
                                std::optional<std::string_view> app_certificate = std::nullopt,
                                const expect &identity = {}, uint64_t now = 0) {
  agora_token_expect c = detail::c_expect(identity);
  const char *cert = app_certificate ? (app_certificate->data() ? app_certificate->data() : "")
                                     : nullptr;
  size_t cert_len = app_certificate ? app_certificate->size() : 0;
  return detail::call_out([&](char *b, size_t cap, size_t *n) {
    return agora_token_inspect_json(token.data(), token.size(), cert, cert_len, &c, now, b, cap,
                                    n);
  });
}

// Verifies signature and claims; returns the token's expiry (Unix seconds)
// or throws agora_token::error.
inline uint64_t verify(std::string_view token, std::string_view app_certificate,
                       const expect &e = {}) {
  agora_token_expect c = detail::c_expect(e);
  uint64_t expires_at = 0;
  detail::check(agora_token_verify(token.data(), token.size(), app_certificate.data(),
                                   app_certificate.size(), &c, &expires_at));
  return expires_at;
}

// The linked library's version, "MAJOR.MINOR.PATCH".
inline std::string version() { return agora_token_version(); }

}  // namespace agora_token

#endif  // AGORA_TOKEN_HPP
