// Runs the shared vectors (as lines from scripts/ffi/vectors-to-lines.py)
// through the C++17 wrapper agora_token.hpp: builds (JSON and every typed
// builder), parse fields, verification and rejection as exceptions with
// their codes. Usage: vectors_cpp vectors.lines
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "agora_token.hpp"

namespace at = agora_token;

static int passed = 0, failed = 0;

static void check(bool ok, const std::string &what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    std::cerr << "FAIL " << what << "\n";
  }
}

struct field {
  std::string bytes;
  bool present = true;
};

static field unhex(const std::string &s) {
  field f;
  if (s == "-") {
    f.present = false;
    return f;
  }
  if (s == "=") return f;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    f.bytes.push_back(static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return f;
}

static std::vector<std::string> split(const std::string &line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(line);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!line.empty() && line.back() == sep) out.push_back("");
  return out;
}

struct arg {
  std::string s;
  uint64_t u = 0;
  int64_t i = 0;
  at::options o;
  std::vector<at::rtm2_permission> p;
};

static arg parse_arg(const std::string &f) {
  arg a;
  std::string v = f.substr(2);
  switch (f[0]) {
    case 's': a.s = unhex(v).bytes; break;
    case 'u': a.u = std::stoull(v); break;
    case 'i': a.i = std::stoll(v); break;
    case 'o': {
      auto x = split(v, ',');
      if (x[0] == "1") a.o.salt = static_cast<uint32_t>(std::stoul(x[1]));
      if (x[2] == "1") a.o.issue_ts = static_cast<uint32_t>(std::stoul(x[3]));
      break;
    }
    case 'p':
      if (!v.empty()) {
        for (const auto &e : split(v, ';')) {
          auto x = split(e, ',');
          at::rtm2_permission p;
          p.resource_type = static_cast<uint16_t>(std::stoul(x[0]));
          p.permission_type = static_cast<uint16_t>(std::stoul(x[1]));
          if (x.size() > 2 && !x[2].empty())
            for (const auto &r : split(x[2], '|')) p.resources.push_back(unhex(r).bytes);
          a.p.push_back(p);
        }
      }
      break;
    default: throw std::runtime_error("bad arg " + f);
  }
  return a;
}

static std::string typed(const std::string &call, const std::vector<arg> &a) {
  auto S = [&](size_t k) -> const std::string & { return a.at(k).s; };
  auto U = [&](size_t k) { return static_cast<uint32_t>(a.at(k).u); };
  auto I = [&](size_t k) { return a.at(k).i; };
  auto O = [&](size_t k) -> const at::options & { return a.at(k).o; };
  auto rr = [&]() {
    at::rtc_rtm_inputs in;
    in.channel_name = S(2);
    in.rtc_account = S(3);
    in.rtc_role = I(4);
    in.rtc_token_expire = U(5);
    in.join_channel_privilege_expire = U(6);
    in.pub_audio_privilege_expire = U(7);
    in.pub_video_privilege_expire = U(8);
    in.pub_data_stream_privilege_expire = U(9);
    in.rtm_user_id = S(10);
    in.rtm_token_expire = U(11);
    return in;
  };
  if (call == "RtcTokenBuilder2.buildTokenWithUid")
    return at::rtc_build_with_uid(S(0), S(1), S(2), U(3), I(4), U(5), U(6), O(7));
  if (call == "RtcTokenBuilder2.buildTokenWithUserAccount")
    return at::rtc_build_with_user_account(S(0), S(1), S(2), S(3), I(4), U(5), U(6), O(7));
  if (call == "RtcTokenBuilder2.buildTokenWithUidAndPrivilege")
    return at::rtc_build_with_uid_and_privilege(S(0), S(1), S(2), U(3), U(4), U(5), U(6), U(7),
                                                U(8), O(9));
  if (call == "RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege")
    return at::rtc_build_with_user_account_and_privilege(S(0), S(1), S(2), S(3), U(4), U(5),
                                                         U(6), U(7), U(8), O(9));
  if (call == "RtcTokenBuilder2.buildTokenWithRtm")
    return at::rtc_build_with_rtm(S(0), S(1), S(2), S(3), I(4), U(5), U(6), O(7));
  if (call == "RtcTokenBuilder2.buildTokenWithRtm2")
    return at::rtc_build_with_rtm2(S(0), S(1), rr(), O(12));
  if (call == "ConvoAITokenBuilder.buildToken") return at::convoai_build(S(0), S(1), rr(), O(12));
  if (call == "SttTokenBuilder.buildToken") return at::stt_build(S(0), S(1), rr(), O(12));
  if (call == "RtmTokenBuilder2.buildToken") return at::rtm_build(S(0), S(1), S(2), U(3), O(4));
  if (call == "RtmTokenBuilder2.buildTokenWithPermissions")
    return at::rtm_build_with_permissions(S(0), S(1), S(2), a.at(3).p, U(4), O(5));
  if (call == "ChatTokenBuilder2.buildUserToken")
    return at::chat_build_user(S(0), S(1), S(2), U(3), O(4));
  if (call == "ChatTokenBuilder2.buildAppToken") return at::chat_build_app(S(0), S(1), U(2), O(3));
  if (call == "FpaTokenBuilder.buildToken") return at::fpa_build(S(0), S(1), O(2));
  if (call == "ApaasTokenBuilder.buildRoomUserToken" ||
      call == "EducationTokenBuilder2.buildRoomUserToken")
    return at::apaas_build_room_user(S(0), S(1), S(2), S(3), static_cast<int16_t>(I(4)), U(5),
                                     O(6));
  if (call == "ApaasTokenBuilder.buildUserToken" ||
      call == "EducationTokenBuilder2.buildUserToken")
    return at::apaas_build_user(S(0), S(1), S(2), U(3), O(4));
  if (call == "ApaasTokenBuilder.buildAppToken" || call == "EducationTokenBuilder2.buildAppToken")
    return at::apaas_build_app(S(0), S(1), U(2), O(3));
  if (call == "RtcTokenBuilder.buildTokenWithUid")
    return at::rtc006_build_with_uid(S(0), S(1), S(2), U(3), I(4), U(5), O(6));
  if (call == "RtcTokenBuilder.buildTokenWithUserAccount")
    return at::rtc006_build_with_account(S(0), S(1), S(2), S(3), I(4), U(5), O(6));
  if (call == "RtmTokenBuilder.buildToken") return at::rtm006_build(S(0), S(1), S(2), U(3), O(4));
  throw std::runtime_error("no typed function for " + call);
}

// Runs a build; compares the token or the exception's code.
template <class F>
static void expect_build(const std::string &name, const std::string &want, const field &token,
                         F &&f) {
  try {
    std::string got = f();
    check(want == "ok", name + ": built a token, want " + want);
    if (token.present) check(got == token.bytes, name + ": token differs: " + got);
  } catch (const at::error &e) {
    check(e.code_name() == want, name + ": threw " + e.what() + ", want " + want);
    check(!e.message().empty(), name + ": empty message");
    check(std::string(e.what()).rfind(std::string(e.code_name()) + ": ", 0) == 0,
          name + ": what() starts with the code");
  }
}

static void drop_tpb(std::string &json) {
  const std::string key = "\"trailing_payload_bytes\":";
  auto p = json.find(key);
  if (p == std::string::npos) return;
  auto e = p + key.size();
  while (e < json.size() && json[e] >= '0' && json[e] <= '9') e++;
  if (e < json.size() && json[e] == ',') e++;
  else if (p > 0 && json[p - 1] == ',') p--;
  json.erase(p, e - p);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " vectors.lines\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  std::string line;
  int records = 0;
  while (std::getline(in, line)) {
    auto f = split(line, '\t');
    const std::string &name = f.at(1);
    records++;
    switch (f.at(0)[0]) {
      case 'J': {
        field call = unhex(f[2]), inputs = unhex(f[3]), fixed = unhex(f[4]), tok = unhex(f[6]);
        expect_build(name, f[5], tok,
                     [&] { return at::build_json(call.bytes, inputs.bytes, fixed.bytes); });
        break;
      }
      case 'T': {
        std::vector<arg> args;
        for (size_t i = 5; i < f.size(); i++) args.push_back(parse_arg(f[i]));
        expect_build(name, f[3], unhex(f[4]), [&] { return typed(f[2], args); });
        break;
      }
      case 'P': {
        field tok = unhex(f[2]), dec = unhex(f[3]);
        try {
          std::string got = at::parse_json(tok.bytes);
          if (dec.present) {
            if (f[4] == "1") drop_tpb(got);
            check(got == dec.bytes, name + ": decoded differs: " + got);
          } else {
            check(true, name);
          }
        } catch (const at::error &e) {
          check(false, name + ": parse threw " + e.what());
        }
        break;
      }
      case 'V': {
        field tok = unhex(f[2]), cert = unhex(f[3]), ch = unhex(f[4]), uid = unhex(f[5]),
              user = unhex(f[6]);
        at::expect e;
        if (ch.present) e.channel = ch.bytes;
        if (uid.present) e.uid = uid.bytes;
        if (user.present) e.user = user.bytes;
        std::string got = "ok";
        try {
          at::verify(tok.bytes, cert.bytes, e);
        } catch (const at::error &err) {
          got = std::string(err.code_name());
        }
        check(got == f[7], name + ": verify gave " + got + ", want " + f[7]);
        break;
      }
      case 'R': {
        field tok = unhex(f[2]);
        std::string got = "ok";
        try {
          at::parse_json(tok.bytes);
        } catch (const at::error &err) {
          got = std::string(err.code_name());
        }
        check(got == f[3], name + ": parse gave " + got + ", want " + f[3]);
        break;
      }
      default: std::cerr << "bad record " << f[0] << "\n"; return 2;
    }
  }
  check(records > 0, "records read");

  // Wrapper behaviour beyond the vectors: the exception names the argument.
  try {
    at::rtm_build("not-an-app-id", "5CFd2fd1755d40ecb72977518be15d3b", "u", 60);
    check(false, "bad app id accepted");
  } catch (const at::error &e) {
    check(e.code() == AGORA_TOKEN_RESULT_INVALID_APP_ID, "bad app id: code");
    check(e.message().find("app_id") != std::string::npos, "bad app id: message names app_id");
  }
  check(at::version() == AGORA_TOKEN_VERSION, "version matches the header");

  std::printf("c++ vectors: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
