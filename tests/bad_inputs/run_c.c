/*
 * The shared bad-input matrix (tests/bad_inputs.json) against the C ABI
 * (include/agora_token.h). The entries arrive on stdin in the line format
 * of tests/bad_inputs/c_cases.py, so this program needs no JSON parser.
 *
 *   python3 tests/bad_inputs/c_cases.py VECTORS_DIR | ./run_c
 *
 * Each entry runs twice where it can:
 * - "typed": through the typed function for its call (agora_token_rtc_build_
 *   with_uid, ..., agora_token_parse_json, agora_token_verify). Entries with
 *   a not-applicable reason for C are recorded as such; those that are not
 *   applicable because of a null argument are run with a NULL pointer and a
 *   non-zero length and must give the ABI's null_argument, as the header
 *   documents.
 * - "json": build entries whose inputs are JSON-expressible also go through
 *   agora_token_build_json, which must give the expected code.
 * Every failure must carry a non-empty last-error message. Exit status 1 on
 * any failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agora_token.h"

#define MAX_ARGS 32

typedef struct {
  char *key;
  char kind; /* 's' bytes, 'i' integer, 'n' null, 'u' undefined, 't' other type */
  char *bytes;
  size_t len;
  char *text; /* integer digits or type name */
} arg;

typedef struct {
  arg a[MAX_ARGS];
  int n;
  int used_null; /* a null argument was passed as NULL + non-zero length */
  char why[256]; /* why the entry cannot be written in C */
} args;

static char out[AGORA_TOKEN_MAX_TOKEN_LEN + 1];

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

static arg *find(args *as, const char *key) {
  for (int i = 0; i < as->n; i++)
    if (strcmp(as->a[i].key, key) == 0) return &as->a[i];
  return NULL;
}

static void cannot(args *as, const char *key, const char *what) {
  if (as->why[0] == '\0') snprintf(as->why, sizeof as->why, "%s: %s", key, what);
}

/* A byte-string argument; NULL with length 1 for a null argument. */
static const char *str(args *as, const char *key, size_t *len) {
  arg *a = find(as, key);
  *len = 0;
  if (a == NULL) {
    cannot(as, key, "missing");
    return "";
  }
  if (a->kind == 's') {
    *len = a->len;
    return a->bytes;
  }
  if (a->kind == 'n') {
    as->used_null = 1;
    *len = 1;
    return NULL;
  }
  cannot(as, key, a->kind == 'u' ? "undefined" : "not a byte string");
  return "";
}

static int integer(args *as, const char *key, long double min, long double max, long long *v) {
  arg *a = find(as, key);
  *v = 0;
  if (a == NULL || a->kind != 'i') {
    cannot(as, key, a == NULL ? "missing" : "not an integer");
    return 0;
  }
  long double x = strtold(a->text, NULL);
  if (x < min || x > max) {
    cannot(as, key, "does not fit the C parameter type");
    return 0;
  }
  *v = strtoll(a->text, NULL, 10);
  return 1;
}

static uint32_t u32(args *as, const char *key) {
  long long v;
  integer(as, key, 0, 4294967295.0L, &v);
  return (uint32_t)v;
}

static int64_t i64(args *as, const char *key) {
  long long v;
  integer(as, key, -9223372036854775807.0L, 9223372036854775807.0L, &v);
  return (int64_t)v;
}

static int16_t i16(args *as, const char *key) {
  long long v;
  integer(as, key, -32768, 32767, &v);
  return (int16_t)v;
}

static agora_token_options *options(args *as, agora_token_options *o) {
  memset(o, 0, sizeof *o);
  int any = 0;
  if (find(as, "fixed.salt")) {
    o->fixed_salt = true;
    o->salt = u32(as, "fixed.salt");
    any = 1;
  }
  const char *t = find(as, "fixed.issue_ts") ? "fixed.issue_ts" : find(as, "fixed.now") ? "fixed.now" : NULL;
  if (t) {
    o->fixed_issue_ts = true;
    o->issue_ts = u32(as, t);
    any = 1;
  }
  return any ? o : NULL;
}

/* Runs the typed function for `call`; *ran is 0 when the entry cannot be
 * written in C. */
static agora_token_result run_typed(const char *call, args *as, int *ran) {
  size_t n = 0, l1, l2, l3, l4;
  agora_token_options o;
  agora_token_options *opt = options(as, &o);
  agora_token_result r = AGORA_TOKEN_RESULT_OTHER_ERROR;
  const char *id, *cert, *s3, *s4;
  *ran = 0;
  if (strcmp(call, "parse") == 0) {
    s3 = str(as, "token", &l3);
    if (as->why[0]) return r;
    *ran = 1;
    return agora_token_parse_json(s3, l3, out, sizeof out, &n);
  }
  if (strcmp(call, "verify") == 0) {
    agora_token_expect e;
    memset(&e, 0, sizeof e);
    s3 = str(as, "token", &l3);
    cert = str(as, "app_certificate", &l2);
    if (find(as, "channel_name")) e.channel = str(as, "channel_name", &e.channel_len);
    if (find(as, "uid")) e.uid = str(as, "uid", &e.uid_len);
    if (find(as, "user")) e.user = str(as, "user", &e.user_len);
    if (find(as, "now")) {
      long long now;
      integer(as, "now", 1, 18446744073709551615.0L, &now);
      e.check_expiry = true;
      e.now = (uint64_t)now;
    }
    if (as->why[0]) return r;
    uint64_t expires_at = 0;
    *ran = 1;
    return agora_token_verify(s3, l3, cert, l2, &e, &expires_at);
  }
  id = str(as, "app_id", &l1);
  cert = str(as, "app_certificate", &l2);
  if (strcmp(call, "RtcTokenBuilder2.buildTokenWithUid") == 0) {
    s3 = str(as, "channel_name", &l3);
    uint32_t uid = u32(as, "uid");
    int64_t role = i64(as, "role");
    uint32_t te = u32(as, "token_expire"), pe = u32(as, "privilege_expire");
    if (as->why[0]) return r;
    *ran = 1;
    return agora_token_rtc_build_with_uid(id, l1, cert, l2, s3, l3, uid, role, te, pe, opt, out, sizeof out, &n);
  }
  if (strcmp(call, "RtcTokenBuilder2.buildTokenWithUserAccount") == 0) {
    s3 = str(as, "channel_name", &l3);
    s4 = str(as, "account", &l4);
    int64_t role = i64(as, "role");
    uint32_t te = u32(as, "token_expire"), pe = u32(as, "privilege_expire");
    if (as->why[0]) return r;
    *ran = 1;
    return agora_token_rtc_build_with_user_account(id, l1, cert, l2, s3, l3, s4, l4, role, te, pe, opt, out,
                                                   sizeof out, &n);
  }
  if (strcmp(call, "RtmTokenBuilder2.buildToken") == 0 || strcmp(call, "ChatTokenBuilder2.buildUserToken") == 0) {
    s3 = str(as, "user_id", &l3);
    uint32_t ex = u32(as, "expire");
    if (as->why[0]) return r;
    *ran = 1;
    if (call[0] == 'R') return agora_token_rtm_build(id, l1, cert, l2, s3, l3, ex, opt, out, sizeof out, &n);
    return agora_token_chat_build_user(id, l1, cert, l2, s3, l3, ex, opt, out, sizeof out, &n);
  }
  if (strcmp(call, "ApaasTokenBuilder.buildRoomUserToken") == 0) {
    s3 = str(as, "room_uuid", &l3);
    s4 = str(as, "user_uuid", &l4);
    int16_t role = i16(as, "role");
    uint32_t ex = u32(as, "expire");
    if (as->why[0]) return r;
    *ran = 1;
    return agora_token_apaas_build_room_user(id, l1, cert, l2, s3, l3, s4, l4, role, ex, opt, out, sizeof out, &n);
  }
  if (strcmp(call, "RtcTokenBuilder.buildTokenWithUid") == 0) {
    s3 = str(as, "channel_name", &l3);
    uint32_t uid = u32(as, "uid");
    int64_t role = i64(as, "role");
    uint32_t ts = u32(as, "privilege_expired_ts");
    if (as->why[0]) return r;
    *ran = 1;
    return agora_token_rtc006_build_with_uid(id, l1, cert, l2, s3, l3, uid, role, ts, opt, out, sizeof out, &n);
  }
  if (strcmp(call, "RtmTokenBuilder.buildToken") == 0) {
    /* The C function has no role: the reference ignores it. */
    s3 = str(as, "user_account", &l3);
    uint32_t ts = u32(as, "privilege_expired_ts");
    if (as->why[0]) return r;
    *ran = 1;
    return agora_token_rtm006_build(id, l1, cert, l2, s3, l3, ts, opt, out, sizeof out, &n);
  }
  cannot(as, call, "no C mapping for this call");
  return r;
}

static int has_message(void) {
  char msg[1024];
  size_t n = 0;
  agora_token_last_error(msg, sizeof msg, &n);
  return n > 0;
}

static int passed, failed, not_applicable;

static void judge(const char *name, const char *how, agora_token_result r, const char *want) {
  const char *got = agora_token_result_name(r);
  if (r != AGORA_TOKEN_RESULT_OK && strcmp(got, want) == 0 && has_message()) {
    passed++;
    printf("ok    %s [%s]: %s\n", name, how, got);
  } else {
    failed++;
    printf("FAIL  %s [%s]: got %s%s, expected %s\n", name, how, got,
           r != AGORA_TOKEN_RESULT_OK && !has_message() ? " (no message)" : "", want);
  }
}

int main(void) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, stdin)) > 0) {
    if (line[len - 1] == '\n') line[--len] = '\0';
    char *cols[6 + MAX_ARGS];
    int nc = 0;
    for (char *p = line, *tab; nc < 6 + MAX_ARGS; p = tab + 1) {
      cols[nc++] = p;
      if ((tab = strchr(p, '\t')) == NULL) break;
      *tab = '\0';
    }
    if (nc < 6) {
      fprintf(stderr, "bad line\n");
      return 2;
    }
    const char *name = cols[0], *call = cols[1], *want = cols[2], *reason = cols[3];
    const char *inputs = cols[4], *fixed = cols[5];
    args as;
    memset(&as, 0, sizeof as);
    for (int i = 6; i < nc; i++) {
      arg *a = &as.a[as.n++];
      char *eq = strchr(cols[i], '=');
      *eq = '\0';
      a->key = cols[i];
      a->kind = eq[1];
      a->text = eq + 3;
      if (a->kind == 's') {
        size_t h = strlen(a->text);
        a->len = h / 2;
        a->bytes = malloc(a->len + 1);
        for (size_t k = 0; k < a->len; k++)
          a->bytes[k] = (char)(hexval(a->text[2 * k]) * 16 + hexval(a->text[2 * k + 1]));
      }
    }
    int ran;
    agora_token_result r = run_typed(call, &as, &ran);
    int na = strcmp(reason, "-") != 0;
    if (na && ran && as.used_null) {
      /* Not applicable as written; the ABI's own NULL check instead. */
      not_applicable++;
      const char *got = agora_token_result_name(r);
      if (r == AGORA_TOKEN_RESULT_NULL_ARGUMENT) {
        printf("n/a   %s [typed]: %s (NULL with a length: %s)\n", name, reason, got);
      } else {
        failed++;
        printf("FAIL  %s [typed]: NULL with a length gave %s, expected null_argument\n", name, got);
      }
    } else if (na) {
      not_applicable++;
      printf("n/a   %s [typed]: %s (%s)\n", name, reason, ran ? "ran anyway" : as.why);
    } else if (!ran) {
      failed++;
      printf("FAIL  %s [typed]: cannot be written in C (%s) and has no not_applicable.c\n", name, as.why);
    } else {
      judge(name, "typed", r, want);
    }
    if (strcmp(inputs, "-") != 0) {
      size_t n = 0;
      int nofix = strcmp(fixed, "-") == 0;
      r = agora_token_build_json(call, strlen(call), inputs, strlen(inputs), nofix ? NULL : fixed,
                                 nofix ? 0 : strlen(fixed), out, sizeof out, &n);
      judge(name, "json", r, want);
    }
    for (int i = 0; i < as.n; i++) free(as.a[i].bytes);
  }
  free(line);
  printf("bad inputs (c): %d passed, %d failed, %d not applicable\n", passed, failed, not_applicable);
  return failed ? 1 : 0;
}
