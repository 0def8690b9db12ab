/* C-side benchmark of the two builds the issue names: 007 RTM and 006 RTM,
 * with fixed salt and time (the same inputs as ffi/benches/boundary.rs, so
 * the numbers sit side by side). Prints the median ns per build over
 * ROUNDS rounds of ITERS builds. Not a test: nothing is asserted about
 * time. Usage: bench [rounds] [iters] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agora_token.h"

static const char ID[] = "970CA35de60c44645bbae8a215061b33";
static const char CERT[] = "5CFd2fd1755d40ecb72977518be15d3b";
static const char USER[] = "test_user";

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef agora_token_result (*build_fn)(char *, size_t, size_t *);

static const agora_token_options OPTS = {true, 1, true, 1111111};

static agora_token_result rtm007(char *out, size_t cap, size_t *n) {
  return agora_token_rtm_build(ID, 32, CERT, 32, USER, sizeof USER - 1, 3600,
                               &OPTS, out, cap, n);
}

static agora_token_result rtm006(char *out, size_t cap, size_t *n) {
  return agora_token_rtm006_build(ID, 32, CERT, 32, USER, sizeof USER - 1,
                                  1111111 + 3600, &OPTS, out, cap, n);
}

static double median_ns(build_fn f, int rounds, int iters) {
  char buf[1024];
  size_t n;
  double *per = malloc(sizeof(double) * (size_t)rounds);
  if (!per) exit(2);
  for (int i = 0; i < iters; i++) f(buf, sizeof buf, &n); /* warm-up */
  for (int r = 0; r < rounds; r++) {
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
      if (f(buf, sizeof buf, &n) != AGORA_TOKEN_RESULT_OK) {
        fprintf(stderr, "build failed\n");
        exit(1);
      }
    }
    per[r] = (now_ns() - t0) / iters;
  }
  qsort(per, (size_t)rounds, sizeof *per, cmp);
  double m = per[rounds / 2];
  free(per);
  return m;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 31;
  int iters = argc > 2 ? atoi(argv[2]) : 2000;
  if (rounds < 1 || iters < 1) return 2;
  /* Interleave the two so that machine noise hits both alike. */
  double a = 0, b = 0;
  double ra[3], rb[3];
  for (int k = 0; k < 3; k++) {
    ra[k] = median_ns(rtm007, rounds, iters);
    rb[k] = median_ns(rtm006, rounds, iters);
  }
  qsort(ra, 3, sizeof *ra, cmp);
  qsort(rb, 3, sizeof *rb, cmp);
  a = ra[1];
  b = rb[1];
  printf("c_api rtm007_build median_ns %.0f\n", a);
  printf("c_api rtm006_build median_ns %.0f\n", b);
  printf("library %s, %d rounds x %d builds, 3 interleaved passes\n",
         agora_token_version(), rounds, iters);
  return 0;
}
