/* The ABI contract beyond the vectors: version macros, result names, NULL
 * arguments, buffer sizes, non-UTF-8 bytes, over-long strings, the last
 * error, verification claims and inspect. Expected tokens come from the
 * library's own parser and verifier, never from hard-coded strings. */
#include "util.h"

static const char ID[] = "970CA35de60c44645bbae8a215061b33";
static const char CERT[] = "5CFd2fd1755d40ecb72977518be15d3b";
#define L(s) (s), (sizeof(s) - 1)

static const agora_token_options FIXED = {true, 12345, true, 1700000000};

static agora_token_result rtm(const char *user, size_t user_len, char *out,
                              size_t cap, size_t *n) {
  return agora_token_rtm_build(L(ID), L(CERT), user, user_len, 3600, &FIXED,
                               out, cap, n);
}

static void test_version(void) {
  char want[64];
  snprintf(want, sizeof want, "%d.%d.%d", AGORA_TOKEN_VERSION_MAJOR,
           AGORA_TOKEN_VERSION_MINOR, AGORA_TOKEN_VERSION_PATCH);
  CHECK(strcmp(want, AGORA_TOKEN_VERSION) == 0, "macro text %s vs parts %s",
        AGORA_TOKEN_VERSION, want);
  CHECK(strcmp(agora_token_version(), AGORA_TOKEN_VERSION) == 0,
        "library %s, header %s", agora_token_version(), AGORA_TOKEN_VERSION);
  CHECK(AGORA_TOKEN_VERSION_NUMBER == AGORA_TOKEN_VERSION_MAJOR * 10000 +
                                         AGORA_TOKEN_VERSION_MINOR * 100 +
                                         AGORA_TOKEN_VERSION_PATCH,
        "composite number %d", AGORA_TOKEN_VERSION_NUMBER);
  CHECK(agora_token_version_number() == AGORA_TOKEN_VERSION_NUMBER,
        "library number %u", agora_token_version_number());
#if AGORA_TOKEN_VERSION_NUMBER < 100
#error "version macro not usable in #if"
#endif
}

static void test_result_names(void) {
  CHECK(strcmp(rname(AGORA_TOKEN_RESULT_OK), "ok") == 0, "ok");
  CHECK(strcmp(rname(AGORA_TOKEN_RESULT_BAD_BASE64), "bad_base64") == 0, "b64");
  CHECK(strcmp(rname(AGORA_TOKEN_RESULT_VALUE_TOO_LONG), "value_too_long") == 0,
        "too long");
  CHECK(strcmp(rname(AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE),
               "insufficient_size") == 0, "size");
  CHECK(strcmp(agora_token_result_name(4242), "unknown_result") == 0, "4242");
  CHECK(strcmp(agora_token_result_name(UINT32_MAX), "unknown_result") == 0,
        "max");
}

static void test_null_arguments(void) {
  char buf[1024];
  size_t n = 7;
  /* NULL with a length: NULL_ARGUMENT naming the argument. */
  agora_token_result r = agora_token_rtm_build(NULL, 32, L(CERT), L("u"), 60,
                                               &FIXED, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "got %s", rname(r));
  CHECK(strstr(last_error(), "app_id") != NULL, "message: %s", last_error());
  CHECK(n == 7, "out_len written on failure");
  /* NULL with length 0 is the empty string: here an invalid app id. */
  r = agora_token_rtm_build(NULL, 0, L(CERT), L("u"), 60, &FIXED, buf,
                            sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_INVALID_APP_ID, "got %s", rname(r));
  /* An empty user id is allowed. */
  r = rtm(NULL, 0, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "empty user: %s", rname(r));
  r = rtm(NULL, 3, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "got %s", rname(r));
  CHECK(strstr(last_error(), "user_id") != NULL, "message: %s", last_error());
  /* Output pointers. */
  r = rtm(L("u"), buf, sizeof buf, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "out_len NULL: %s", rname(r));
  CHECK(strstr(last_error(), "out_len") != NULL, "message: %s", last_error());
  r = rtm(L("u"), NULL, 10, &n);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "out NULL: %s", rname(r));
  /* NULL options: random salt and the clock; the token verifies. */
  r = agora_token_rtm_build(L(ID), L(CERT), L("alice"), 3600, NULL, buf,
                            sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "NULL options: %s", rname(r));
  agora_token_expect e;
  memset(&e, 0, sizeof e);
  e.user = "alice";
  e.user_len = 5;
  e.check_expiry = true; /* now = 0: the clock */
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "verify: %s %s", rname(r), last_error());
  /* NULL expect and NULL expires_at: signature only. */
  r = agora_token_verify(buf, n, L(CERT), NULL, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "verify NULL expect: %s", rname(r));
  r = agora_token_verify(NULL, 0, L(CERT), NULL, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_BAD_VERSION, "empty token: %s", rname(r));
  r = agora_token_verify(NULL, 10, L(CERT), NULL, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "NULL token: %s", rname(r));
  e.user = NULL;
  e.user_len = 5; /* NULL in expect means "not checked", whatever the length */
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "expect NULL user: %s", rname(r));
  /* Permissions: NULL array with a length, NULL resources with a length. */
  r = agora_token_rtm_build_with_permissions(L(ID), L(CERT), L("u"), NULL, 2,
                                             60, &FIXED, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "perms: %s", rname(r));
  agora_token_rtm2_permission p = {AGORA_TOKEN_RTM2_RESOURCE_USER,
                                   AGORA_TOKEN_RTM2_PERMISSION_WRITE, NULL, 1};
  r = agora_token_rtm_build_with_permissions(L(ID), L(CERT), L("u"), &p, 1, 60,
                                             &FIXED, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "resources: %s", rname(r));
  CHECK(strstr(last_error(), "permissions[0].resources") != NULL, "msg: %s",
        last_error());
  agora_token_bytes res[2] = {{"a", 1}, {NULL, 4}};
  p.resources = res;
  p.resources_len = 2;
  r = agora_token_rtm_build_with_permissions(L(ID), L(CERT), L("u"), &p, 1, 60,
                                             &FIXED, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "resource: %s", rname(r));
  CHECK(strstr(last_error(), "permissions[0].resources[1]") != NULL, "msg: %s",
        last_error());
  /* JSON entry point. */
  r = agora_token_build_json(NULL, 0, L("{}"), NULL, 0, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_INVALID_ARGUMENT, "json: %s", rname(r));
  r = agora_token_last_error(NULL, 0, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_NULL_ARGUMENT, "last_error: %s", rname(r));
}

static void test_buffer_sizes(void) {
  size_t need = 0;
  agora_token_result r = rtm(L("bob"), NULL, 0, &need);
  CHECK(r == AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE, "query: %s", rname(r));
  CHECK(need > 1 && need <= AGORA_TOKEN_MAX_TOKEN_LEN + 1, "need %zu", need);
  char *buf = xmalloc(need + 8);
  memset(buf, 'Z', need + 8);
  size_t n = 99;
  r = rtm(L("bob"), buf, need - 1, &n);
  CHECK(r == AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE, "one short: %s", rname(r));
  CHECK(n == need, "reported %zu, want %zu", n, need);
  bool untouched = true;
  for (size_t i = 0; i < need + 8; i++) untouched &= buf[i] == 'Z';
  CHECK(untouched, "buffer written although too small");
  CHECK(strstr(last_error(), "out_capacity") != NULL, "msg %s", last_error());
  r = rtm(L("bob"), buf, need, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "exact: %s", rname(r));
  CHECK(n + 1 == need && buf[n] == 0 && strlen(buf) == n, "len %zu", n);
  CHECK(buf[need] == 'Z', "wrote past the capacity");
  CHECK(*last_error() == 0, "last error not cleared on success");
  /* The last error itself, sized the same way. */
  rtm(NULL, 1, buf, need, &n);
  size_t mlen = 0;
  r = agora_token_last_error(NULL, 0, &mlen);
  CHECK(r == AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE && mlen > 1, "%zu", mlen);
  char small[4];
  r = agora_token_last_error(small, sizeof small, &n);
  CHECK(r == AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE, "small: %s", rname(r));
  CHECK(strlen(last_error()) + 1 == mlen, "message kept after reads");
  free(buf);
}

static void test_non_utf8_and_long(void) {
  char buf[2048], json[4096];
  size_t n = 0, jn = 0;
  const char ch[] = "r\xff\xfe\x00m"; /* not UTF-8, with a NUL inside */
  agora_token_result r = agora_token_rtc_build_with_uid(
      L(ID), L(CERT), ch, 5, 7, AGORA_TOKEN_ROLE_PUBLISHER, 600, 600, &FIXED,
      buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "non-utf8 build: %s", rname(r));
  r = agora_token_parse_json(buf, n, json, sizeof json, &jn);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "parse: %s", rname(r));
  CHECK(strstr(json, "\"channel_name_hex\":\"72fffe006d\"") != NULL, "%s",
        json);
  agora_token_expect e;
  memset(&e, 0, sizeof e);
  e.channel = ch;
  e.channel_len = 5;
  e.uid = "7";
  e.uid_len = 1;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "verify bytes: %s", rname(r));
  e.channel_len = 4; /* stops before the NUL: another channel */
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_IDENTITY_MISMATCH, "prefix: %s", rname(r));
  /* Invalid UTF-8 in JSON input and in a call name. */
  r = agora_token_build_json(L("RtmTokenBuilder2.buildToken"),
                             L("{\"user_id\":\"\xff\"}"), NULL, 0, buf,
                             sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_INVALID_ARGUMENT, "json utf8: %s", rname(r));
  r = agora_token_build_json(L("\xff"), L("{}"), NULL, 0, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_INVALID_ARGUMENT, "call utf8: %s", rname(r));
  CHECK(strstr(last_error(), "call") != NULL, "msg %s", last_error());

  /* A 70 000-byte channel name: a clear error (the official C++ builder
   * overflows the heap here), whichever builder takes it. */
  size_t big = 70000;
  char *name = xmalloc(big);
  memset(name, 'c', big);
  r = agora_token_rtc_build_with_uid(L(ID), L(CERT), name, big, 1,
                                     AGORA_TOKEN_ROLE_PUBLISHER, 600, 600,
                                     &FIXED, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_VALUE_TOO_LONG, "007 rtc: %s", rname(r));
  CHECK(strstr(last_error(), "70000") != NULL, "msg %s", last_error());
  r = rtm(name, big, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_VALUE_TOO_LONG, "rtm: %s", rname(r));
  /* 006 carries no channel or account bytes (only their CRC32 and the
   * HMAC over them), so no length limit applies there: the core builds
   * the token, and it verifies for exactly that channel. */
  r = agora_token_rtc006_build_with_uid(L(ID), L(CERT), name, big, 1,
                                        AGORA_TOKEN_ROLE_PUBLISHER, 1800000000,
                                        &FIXED, buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "006 rtc: %s", rname(r));
  memset(&e, 0, sizeof e);
  e.channel = name;
  e.channel_len = big;
  e.uid = "1";
  e.uid_len = 1;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "006 long verify: %s", rname(r));
  e.channel_len = big - 1;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_CRC_MISMATCH, "006 shorter: %s", rname(r));
  /* 65 535 bytes is the limit itself: it builds (into a sized buffer). */
  size_t need = 0;
  r = rtm(name, 65535, NULL, 0, &need);
  CHECK(r == AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE, "65535: %s", rname(r));
  char *tok = xmalloc(need);
  r = rtm(name, 65535, tok, need, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "65535 build: %s", rname(r));
  memset(&e, 0, sizeof e);
  e.user = name;
  e.user_len = 65535;
  r = agora_token_verify(tok, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "65535 verify: %s", rname(r));
  free(tok);
  free(name);
}

static void test_verify_claims(void) {
  char buf[1024];
  size_t n = 0;
  agora_token_result r = rtm(L("alice"), buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s", rname(r));
  agora_token_expect e;
  memset(&e, 0, sizeof e);
  e.user = "alice";
  e.user_len = 5;
  e.check_expiry = true;
  e.now = FIXED.issue_ts + 10;
  uint64_t at = 0;
  r = agora_token_verify(buf, n, L(CERT), &e, &at);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s %s", rname(r), last_error());
  CHECK(at == (uint64_t)FIXED.issue_ts + 3600, "expires_at %llu",
        (unsigned long long)at);
  e.now = FIXED.issue_ts + 3600;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_EXPIRED, "expired: %s", rname(r));
  e.now = 0;
  e.check_expiry = false;
  e.user = "bob";
  e.user_len = 3;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_IDENTITY_MISMATCH, "user: %s", rname(r));
  r = agora_token_verify(buf, n, L("00000000000000000000000000000000"), NULL,
                         NULL);
  CHECK(r == AGORA_TOKEN_RESULT_SIGNATURE_MISMATCH, "cert: %s", rname(r));
  r = agora_token_verify(buf, n, L("short"), NULL, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_CERTIFICATE_REJECTED, "short: %s", rname(r));
  CHECK(strstr(last_error(), "short") == NULL, "certificate echoed");

  /* 006 RTM: verified for its account only. */
  r = agora_token_rtm006_build(L(ID), L(CERT), L("carol"), 1800000000, &FIXED,
                               buf, sizeof buf, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "006: %s", rname(r));
  r = agora_token_verify(buf, n, L(CERT), NULL, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_INVALID_ARGUMENT, "006 bare: %s", rname(r));
  memset(&e, 0, sizeof e);
  e.user = "carol";
  e.user_len = 5;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "006 user: %s %s", rname(r), last_error());
  e.user = "carl";
  e.user_len = 4;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_CRC_MISMATCH, "006 other: %s", rname(r));
  /* 006 RTC: channel and uid. */
  r = agora_token_rtc006_build_with_uid(L(ID), L(CERT), L("room1"), 23,
                                        AGORA_TOKEN_ROLE_SUBSCRIBER,
                                        1800000000, &FIXED, buf, sizeof buf,
                                        &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "006 rtc: %s", rname(r));
  memset(&e, 0, sizeof e);
  e.channel = "room1";
  e.channel_len = 5;
  e.uid = "23";
  e.uid_len = 2;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "006 rtc verify: %s", rname(r));
  e.channel = "room12"; /* same signed text, other CRCs */
  e.channel_len = 6;
  e.uid = "3";
  e.uid_len = 1;
  r = agora_token_verify(buf, n, L(CERT), &e, NULL);
  CHECK(r == AGORA_TOKEN_RESULT_CRC_MISMATCH, "006 shifted: %s", rname(r));
}

static void test_inspect(void) {
  char tok[1024], parsed[4096], insp[8192];
  size_t n = 0, pn = 0, in = 0;
  /* An absolute time passed as a 007 lifetime: a classic mistake. */
  agora_token_result r = agora_token_rtm_build(
      L(ID), L(CERT), L("dave"), 1800000000u, &FIXED, tok, sizeof tok, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s", rname(r));
  r = agora_token_parse_json(tok, n, parsed, sizeof parsed, &pn);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s", rname(r));
  r = agora_token_inspect_json(tok, n, L(CERT), NULL, FIXED.issue_ts, insp,
                               sizeof insp, &in);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s", rname(r));
  char want[4200];
  snprintf(want, sizeof want, "\"decoded\":%s,", parsed);
  CHECK(strstr(insp, want) != NULL, "inspect embeds parse: %s", insp);
  CHECK(strstr(insp, "\"code\":\"absolute_time_as_lifetime\"") != NULL, "%s",
        insp);
  CHECK(strstr(insp, "\"format\":\"007\"") != NULL, "%s", insp);
  CHECK(strstr(insp, "\"signature_valid\":true") != NULL, "%s", insp);
  /* Without a certificate: not checked. A wrong one: not valid. */
  r = agora_token_inspect_json(tok, n, NULL, 0, NULL, 0, insp, sizeof insp,
                               &in);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s", rname(r));
  CHECK(strstr(insp, "\"signature_checked\":false") != NULL, "%s", insp);
  r = agora_token_inspect_json(tok, n, L("00000000000000000000000000000000"),
                               NULL, 0, insp, sizeof insp, &in);
  CHECK(strstr(insp, "\"signature_valid\":false") != NULL, "%s", insp);
  /* 006 needs what it was signed for. */
  r = agora_token_rtm006_build(L(ID), L(CERT), L("erin"), 1800000000, &FIXED,
                               tok, sizeof tok, &n);
  agora_token_expect who;
  memset(&who, 0, sizeof who);
  who.user = "erin";
  who.user_len = 4;
  r = agora_token_inspect_json(tok, n, L(CERT), &who, 0, insp, sizeof insp,
                               &in);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s", rname(r));
  CHECK(strstr(insp, "\"crc_match\":true") != NULL, "%s", insp);
  CHECK(strstr(insp, "\"signature_valid\":true") != NULL, "%s", insp);
  r = agora_token_inspect_json(L("007eJxbad"), NULL, 0, NULL, 0, insp,
                               sizeof insp, &in);
  CHECK(r != AGORA_TOKEN_RESULT_OK && r != AGORA_TOKEN_RESULT_PANIC,
        "garbage: %s", rname(r));
}

int main(void) {
  test_version();
  test_result_names();
  test_null_arguments();
  test_buffer_sizes();
  test_non_utf8_and_long();
  test_verify_claims();
  test_inspect();
  return t_finish("c abi");
}
