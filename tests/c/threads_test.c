/* Two threads build 100 000 RTM tokens each (random salts, the clock) and
 * keep them; then the main thread verifies all 200 000 for their users.
 * Each thread also checks that its last error stays its own.
 * Usage: threads [tokens_per_thread] */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "util.h"

static const char ID[] = "970CA35de60c44645bbae8a215061b33";
static const char CERT[] = "5CFd2fd1755d40ecb72977518be15d3b";
#define SLOT 256

typedef struct {
  int id;
  size_t count;
  char *tokens; /* count * SLOT bytes */
  size_t built;
  size_t own_errors_ok;
} worker_t;

static void user_name(char *out, size_t cap, int thread, size_t i) {
  snprintf(out, cap, "user-%d-%zu", thread, i);
}

static void *work(void *p) {
  worker_t *w = p;
  char user[64];
  for (size_t i = 0; i < w->count; i++) {
    user_name(user, sizeof user, w->id, i);
    size_t n = 0;
    agora_token_result r = agora_token_rtm_build(
        ID, 32, CERT, 32, user, strlen(user), 3600, NULL,
        w->tokens + i * SLOT, SLOT, &n);
    if (r == AGORA_TOKEN_RESULT_OK) w->built++;
    if (i % 1000 == 0) {
      /* A failure on this thread leaves a message naming its argument;
       * the other thread's successes must not clear it. */
      size_t m = 0;
      char msg[256];
      agora_token_rtm_build(ID, 31, CERT, 32, user, 1, 60, NULL, msg,
                            sizeof msg, &m);
      if (agora_token_last_error(msg, sizeof msg, &m) == AGORA_TOKEN_RESULT_OK &&
          strstr(msg, "app_id") != NULL)
        w->own_errors_ok++;
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  size_t per = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
  worker_t w[2];
  pthread_t th[2];
  for (int t = 0; t < 2; t++) {
    memset(&w[t], 0, sizeof w[t]);
    w[t].id = t;
    w[t].count = per;
    w[t].tokens = xmalloc(per * SLOT);
    CHECK(pthread_create(&th[t], NULL, work, &w[t]) == 0, "thread %d", t);
  }
  for (int t = 0; t < 2; t++) pthread_join(th[t], NULL);
  size_t verified = 0;
  char user[64];
  for (int t = 0; t < 2; t++) {
    CHECK(w[t].built == per, "thread %d built %zu of %zu", t, w[t].built, per);
    CHECK(w[t].own_errors_ok == (per + 999) / 1000, "thread %d messages %zu",
          t, w[t].own_errors_ok);
    for (size_t i = 0; i < per; i++) {
      user_name(user, sizeof user, t, i);
      agora_token_expect e;
      memset(&e, 0, sizeof e);
      e.user = user;
      e.user_len = strlen(user);
      e.check_expiry = true;
      const char *tok = w[t].tokens + i * SLOT;
      if (agora_token_verify(tok, strlen(tok), CERT, 32, &e, NULL) ==
          AGORA_TOKEN_RESULT_OK)
        verified++;
    }
    free(w[t].tokens);
  }
  CHECK(verified == 2 * per, "verified %zu of %zu", verified, 2 * per);
  printf("threads: %zu tokens built on 2 threads, %zu verified\n", 2 * per,
         verified);
  return t_finish("c threads");
}
