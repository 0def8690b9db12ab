/* Runs the shared vectors (converted to lines by
 * scripts/ffi/vectors-to-lines.py) through the C API: JSON and typed
 * builds byte for byte, parse fields, verification and rejection codes.
 * Every output is first sized with a NULL buffer, then written into an
 * exactly sized one.
 * Usage: vectors vectors.lines */
#include "util.h"

#define MAX_FIELDS 32

typedef struct {
  char tag;
  bytes_t s;
  uint64_t u;
  int64_t i;
  agora_token_options o;
  agora_token_rtm2_permission *perms;
  size_t nperms;
} arg_t;

typedef struct {
  const char *call;
  arg_t *a;
  size_t n;
  /* JSON build */
  bytes_t jcall, jinputs, jfixed;
} job_t;

static void parse_perms(const char *spec, arg_t *a) {
  a->perms = NULL;
  a->nperms = 0;
  if (!*spec) return;
  size_t cap = 1;
  for (const char *p = spec; *p; p++) cap += *p == ';';
  a->perms = xmalloc(cap * sizeof *a->perms);
  char *copy = xmalloc(strlen(spec) + 1);
  strcpy(copy, spec);
  char *save = copy;
  while (save) {
    char *entry = save;
    char *semi = strchr(entry, ';');
    if (semi) *semi = 0;
    save = semi ? semi + 1 : NULL;
    unsigned rt = 0, pt = 0;
    int used = 0;
    sscanf(entry, "%u,%u,%n", &rt, &pt, &used);
    char *list = entry + used;
    size_t nres = *list ? 1 : 0;
    for (char *p = list; *p; p++) nres += *p == '|';
    agora_token_bytes *res = xmalloc((nres ? nres : 1) * sizeof *res);
    size_t k = 0;
    while (nres && list) {
      char *bar = strchr(list, '|');
      if (bar) *bar = 0;
      bytes_t b = unhex(list);
      res[k].ptr = b.p;
      res[k].len = b.n;
      k++;
      list = bar ? bar + 1 : NULL;
    }
    agora_token_rtm2_permission *pm = &a->perms[a->nperms++];
    pm->resource_type = (uint16_t)rt;
    pm->permission_type = (uint16_t)pt;
    pm->resources = res;
    pm->resources_len = k;
  }
  free(copy);
}

static void parse_arg(const char *f, arg_t *a) {
  memset(a, 0, sizeof *a);
  a->tag = f[0];
  const char *v = f + 2;
  switch (a->tag) {
    case 's': a->s = unhex(v); break;
    case 'u': a->u = strtoull(v, NULL, 10); break;
    case 'i': a->i = strtoll(v, NULL, 10); break;
    case 'o': {
      unsigned fs = 0, s = 0, ft = 0, t = 0;
      sscanf(v, "%u,%u,%u,%u", &fs, &s, &ft, &t);
      a->o.fixed_salt = fs != 0;
      a->o.salt = s;
      a->o.fixed_issue_ts = ft != 0;
      a->o.issue_ts = t;
      break;
    }
    case 'p': parse_perms(v, a); break;
    default: fprintf(stderr, "bad arg tag %c\n", a->tag); exit(2);
  }
}

static void free_arg(arg_t *a) {
  if (a->tag == 's') free(a->s.p);
  if (a->tag == 'p') {
    for (size_t i = 0; i < a->nperms; i++) {
      for (size_t k = 0; k < a->perms[i].resources_len; k++)
        free((void *)a->perms[i].resources[k].ptr);
      free((void *)a->perms[i].resources);
    }
    free(a->perms);
  }
}

/* Shorthands for the typed dispatcher: string, unsigned, signed. */
#define S(k) job->a[k].s.p, job->a[k].s.n
#define U(k) ((uint32_t)job->a[k].u)
#define I(k) (job->a[k].i)
#define O(k) (&job->a[k].o)
#define IS(c) (strcmp(job->call, (c)) == 0)

static agora_token_result run_typed(const job_t *job, char *out, size_t cap,
                                    size_t *len) {
  if (IS("RtcTokenBuilder2.buildTokenWithUid"))
    return agora_token_rtc_build_with_uid(S(0), S(1), S(2), U(3), I(4), U(5),
                                          U(6), O(7), out, cap, len);
  if (IS("RtcTokenBuilder2.buildTokenWithUserAccount"))
    return agora_token_rtc_build_with_user_account(
        S(0), S(1), S(2), S(3), I(4), U(5), U(6), O(7), out, cap, len);
  if (IS("RtcTokenBuilder2.buildTokenWithUidAndPrivilege"))
    return agora_token_rtc_build_with_uid_and_privilege(
        S(0), S(1), S(2), U(3), U(4), U(5), U(6), U(7), U(8), O(9), out, cap,
        len);
  if (IS("RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege"))
    return agora_token_rtc_build_with_user_account_and_privilege(
        S(0), S(1), S(2), S(3), U(4), U(5), U(6), U(7), U(8), O(9), out, cap,
        len);
  if (IS("RtcTokenBuilder2.buildTokenWithRtm"))
    return agora_token_rtc_build_with_rtm(S(0), S(1), S(2), S(3), I(4), U(5),
                                          U(6), O(7), out, cap, len);
  if (IS("RtcTokenBuilder2.buildTokenWithRtm2"))
    return agora_token_rtc_build_with_rtm2(S(0), S(1), S(2), S(3), I(4), U(5),
                                           U(6), U(7), U(8), U(9), S(10),
                                           U(11), O(12), out, cap, len);
  if (IS("ConvoAITokenBuilder.buildToken"))
    return agora_token_convoai_build(S(0), S(1), S(2), S(3), I(4), U(5), U(6),
                                     U(7), U(8), U(9), S(10), U(11), O(12),
                                     out, cap, len);
  if (IS("SttTokenBuilder.buildToken"))
    return agora_token_stt_build(S(0), S(1), S(2), S(3), I(4), U(5), U(6),
                                 U(7), U(8), U(9), S(10), U(11), O(12), out,
                                 cap, len);
  if (IS("RtmTokenBuilder2.buildToken"))
    return agora_token_rtm_build(S(0), S(1), S(2), U(3), O(4), out, cap, len);
  if (IS("RtmTokenBuilder2.buildTokenWithPermissions"))
    return agora_token_rtm_build_with_permissions(
        S(0), S(1), S(2), job->a[3].perms, job->a[3].nperms, U(4), O(5), out,
        cap, len);
  if (IS("ChatTokenBuilder2.buildUserToken"))
    return agora_token_chat_build_user(S(0), S(1), S(2), U(3), O(4), out, cap,
                                       len);
  if (IS("ChatTokenBuilder2.buildAppToken"))
    return agora_token_chat_build_app(S(0), S(1), U(2), O(3), out, cap, len);
  if (IS("FpaTokenBuilder.buildToken"))
    return agora_token_fpa_build(S(0), S(1), O(2), out, cap, len);
  if (IS("ApaasTokenBuilder.buildRoomUserToken") ||
      IS("EducationTokenBuilder2.buildRoomUserToken"))
    return agora_token_apaas_build_room_user(S(0), S(1), S(2), S(3),
                                             (int16_t)I(4), U(5), O(6), out,
                                             cap, len);
  if (IS("ApaasTokenBuilder.buildUserToken") ||
      IS("EducationTokenBuilder2.buildUserToken"))
    return agora_token_apaas_build_user(S(0), S(1), S(2), U(3), O(4), out,
                                        cap, len);
  if (IS("ApaasTokenBuilder.buildAppToken") ||
      IS("EducationTokenBuilder2.buildAppToken"))
    return agora_token_apaas_build_app(S(0), S(1), U(2), O(3), out, cap, len);
  if (IS("RtcTokenBuilder.buildTokenWithUid"))
    return agora_token_rtc006_build_with_uid(S(0), S(1), S(2), U(3), I(4),
                                             U(5), O(6), out, cap, len);
  if (IS("RtcTokenBuilder.buildTokenWithUserAccount"))
    return agora_token_rtc006_build_with_account(S(0), S(1), S(2), S(3), I(4),
                                                 U(5), O(6), out, cap, len);
  if (IS("RtmTokenBuilder.buildToken"))
    return agora_token_rtm006_build(S(0), S(1), S(2), U(3), O(4), out, cap,
                                    len);
  fprintf(stderr, "no typed function for %s\n", job->call);
  exit(2);
}

static agora_token_result run_json(const job_t *job, char *out, size_t cap,
                                   size_t *len) {
  return agora_token_build_json(
      job->jcall.p, job->jcall.n, job->jinputs.p, job->jinputs.n,
      job->jfixed.present ? job->jfixed.p : NULL, job->jfixed.n, out, cap,
      len);
}

typedef agora_token_result (*runner)(const job_t *, char *, size_t, size_t *);

/* Size query, then the real call into an exactly sized buffer. Returns the
 * result; on OK *text is malloc'd and NUL-terminated. */
static agora_token_result sized(const char *name, runner f, const job_t *job,
                                char **text, size_t *text_len) {
  size_t need = 0;
  *text = NULL;
  agora_token_result r = f(job, NULL, 0, &need);
  if (r != AGORA_TOKEN_RESULT_INSUFFICIENT_SIZE) return r;
  CHECK(need >= 1, "%s: size query gave %zu", name, need);
  char *buf = xmalloc(need);
  size_t n = 0;
  r = f(job, buf, need, &n);
  if (r != AGORA_TOKEN_RESULT_OK) {
    free(buf);
    return r;
  }
  CHECK(n + 1 == need && buf[n] == 0 && strlen(buf) == n,
        "%s: length %zu vs needed %zu", name, n, need);
  *text = buf;
  *text_len = n;
  return r;
}

static void check_build(const char *name, runner f, const job_t *job,
                        const char *expect, const bytes_t *token,
                        const bytes_t *cert) {
  char *out = NULL;
  size_t n = 0;
  agora_token_result r = sized(name, f, job, &out, &n);
  CHECK(strcmp(rname(r), expect) == 0, "%s: got %s (%s), want %s", name,
        rname(r), last_error(), expect);
  if (r == AGORA_TOKEN_RESULT_OK && token->present) {
    CHECK(n == token->n && memcmp(out, token->p, n) == 0,
          "%s: token differs:\n  got  %s\n  want %s", name, out, token->p);
  }
  if (r != AGORA_TOKEN_RESULT_OK) {
    const char *m = last_error();
    CHECK(*m != 0, "%s: no last error message", name);
    if (cert && cert->n > 4)
      CHECK(strstr(m, cert->p) == NULL, "%s: certificate in message", name);
  }
  free(out);
}

/* Our decoded JSON minus `"trailing_payload_bytes":N,` (compared only
 * where the vector has it; sorted keys put it before "version"). */
static void drop_tpb(char *json) {
  const char *key = "\"trailing_payload_bytes\":";
  char *p = strstr(json, key);
  if (!p) return;
  char *e = p + strlen(key);
  while (*e >= '0' && *e <= '9') e++;
  if (*e == ',') e++;
  else if (p > json && p[-1] == ',') p--;
  memmove(p, e, strlen(e) + 1);
}

static agora_token_result parse_runner(const job_t *job, char *out,
                                       size_t cap, size_t *len) {
  return agora_token_parse_json(job->a[0].s.p, job->a[0].s.n, out, cap, len);
}

static void check_parse(const char *name, const bytes_t *token,
                        const bytes_t *decoded, bool tpb_optional) {
  arg_t a;
  memset(&a, 0, sizeof a);
  a.s = *token;
  job_t job = {0};
  job.a = &a;
  char *out = NULL;
  size_t n = 0;
  agora_token_result r = sized(name, parse_runner, &job, &out, &n);
  CHECK(r == AGORA_TOKEN_RESULT_OK, "%s: parse gave %s (%s)", name, rname(r),
        last_error());
  if (r == AGORA_TOKEN_RESULT_OK && decoded->present) {
    if (tpb_optional) drop_tpb(out);
    CHECK(strcmp(out, decoded->p) == 0, "%s: decoded differs:\n  got  %s\n  want %s",
          name, out, decoded->p);
  }
  free(out);
}

static void check_verify(const char *name, char **f) {
  bytes_t token = unhex(f[2]), cert = unhex(f[3]), ch = unhex(f[4]),
          uid = unhex(f[5]), user = unhex(f[6]);
  agora_token_expect e;
  memset(&e, 0, sizeof e);
  if (ch.present) e.channel = ch.p, e.channel_len = ch.n;
  if (uid.present) e.uid = uid.p, e.uid_len = uid.n;
  if (user.present) e.user = user.p, e.user_len = user.n;
  uint64_t exp_at = UINT64_MAX;
  agora_token_result r =
      agora_token_verify(token.p, token.n, cert.p, cert.n, &e, &exp_at);
  CHECK(strcmp(rname(r), f[7]) == 0, "%s: verify gave %s (%s), want %s", name,
        rname(r), last_error(), f[7]);
  if (r == AGORA_TOKEN_RESULT_OK)
    CHECK(exp_at != UINT64_MAX, "%s: expires_at not written", name);
  else
    CHECK(exp_at == UINT64_MAX, "%s: expires_at written on failure", name);
  free(token.p), free(cert.p), free(ch.p), free(uid.p), free(user.p);
}

static void check_reject(const char *name, const char *hex, const char *code) {
  bytes_t token = unhex(hex);
  size_t n = 12345;
  char buf[64];
  memset(buf, 'x', sizeof buf);
  agora_token_result r =
      agora_token_parse_json(token.p, token.n, buf, sizeof buf, &n);
  CHECK(strcmp(rname(r), code) == 0, "%s: got %s, want %s", name, rname(r),
        code);
  CHECK(n == 12345 && buf[0] == 'x', "%s: output written on failure", name);
  CHECK(*last_error() != 0, "%s: no message", name);
  free(token.p);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s vectors.lines\n", argv[0]);
    return 2;
  }
  FILE *fh = fopen(argv[1], "r");
  if (!fh) {
    perror(argv[1]);
    return 2;
  }
  int records[128] = {0};
  char *line;
  while ((line = read_line(fh)) != NULL) {
    char *f[MAX_FIELDS];
    size_t nf = split_tabs(line, f, MAX_FIELDS);
    const char *name = f[1];
    records[(unsigned char)f[0][0] & 127]++;
    switch (f[0][0]) {
      case 'J': {
        job_t job = {0};
        job.jcall = unhex(f[2]);
        job.jinputs = unhex(f[3]);
        job.jfixed = unhex(f[4]);
        bytes_t token = unhex(f[6]);
        check_build(name, run_json, &job, f[5], &token, NULL);
        free(job.jcall.p), free(job.jinputs.p), free(job.jfixed.p);
        free(token.p);
        break;
      }
      case 'T': {
        job_t job = {0};
        job.call = f[2];
        job.n = nf - 5;
        job.a = xmalloc(job.n * sizeof *job.a);
        for (size_t i = 0; i < job.n; i++) parse_arg(f[5 + i], &job.a[i]);
        bytes_t token = unhex(f[4]);
        check_build(name, run_typed, &job, f[3], &token, &job.a[1].s);
        for (size_t i = 0; i < job.n; i++) free_arg(&job.a[i]);
        free(job.a);
        free(token.p);
        break;
      }
      case 'P': {
        bytes_t token = unhex(f[2]), dec = unhex(f[3]);
        check_parse(name, &token, &dec, strcmp(f[4], "1") == 0);
        free(token.p), free(dec.p);
        break;
      }
      case 'V': check_verify(name, f); break;
      case 'R': check_reject(name, f[2], f[3]); break;
      default: fprintf(stderr, "bad record %s\n", f[0]); return 2;
    }
    free(line);
  }
  fclose(fh);
  printf("records: J %d, T %d, P %d, V %d, R %d\n", records['J'], records['T'],
         records['P'], records['V'], records['R']);
  CHECK(records['J'] > 0 && records['T'] > 0 && records['P'] > 0 &&
            records['V'] > 0 && records['R'] > 0,
        "every record kind present");
  return t_finish("c vectors");
}
