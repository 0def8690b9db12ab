/* Small helpers shared by the C test programs: checks that count instead
 * of aborting, growable byte strings, hex decoding, line splitting. */
#ifndef AGORA_TOKEN_TEST_UTIL_H
#define AGORA_TOKEN_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agora_token.h"

static int t_passed;
static int t_failed;

/* Records one check; prints the failing ones with their context. */
#define CHECK(cond, ...)                                                      \
  do {                                                                        \
    if (cond) {                                                               \
      t_passed++;                                                             \
    } else {                                                                  \
      t_failed++;                                                             \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);         \
      fprintf(stderr, __VA_ARGS__);                                           \
      fputc('\n', stderr);                                                    \
    }                                                                         \
  } while (0)

/* The closing line the CI log reader counts. */
static inline int t_finish(const char *what) {
  printf("%s: %d passed, %d failed\n", what, t_passed, t_failed);
  return t_failed == 0 ? 0 : 1;
}

static inline void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return p;
}

/* A byte string from a test record. `present` is false for "-". The
 * buffer is always allocated (so an empty string is a non-NULL pointer). */
typedef struct {
  char *p;
  size_t n;
  bool present;
} bytes_t;

static inline int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes a record field: "-" absent, "=" empty, else lowercase hex. */
static inline bytes_t unhex(const char *s) {
  bytes_t b = {NULL, 0, true};
  if (strcmp(s, "-") == 0) {
    b.present = false;
    b.p = xmalloc(1);
    b.p[0] = 0;
    return b;
  }
  if (strcmp(s, "=") == 0) s = "";
  size_t len = strlen(s);
  b.p = xmalloc(len / 2 + 1);
  for (size_t i = 0; i + 1 < len; i += 2) {
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) {
      fprintf(stderr, "bad hex field\n");
      exit(2);
    }
    b.p[b.n++] = (char)(hi * 16 + lo);
  }
  b.p[b.n] = 0;
  return b;
}

/* Reads one line of any length (without the newline); NULL at EOF. */
static inline char *read_line(FILE *f) {
  size_t cap = 256, n = 0;
  char *s = xmalloc(cap);
  int c;
  while ((c = fgetc(f)) != EOF && c != '\n') {
    if (n + 1 >= cap) {
      cap *= 2;
      char *t = realloc(s, cap);
      if (!t) {
        fprintf(stderr, "out of memory\n");
        exit(2);
      }
      s = t;
    }
    s[n++] = (char)c;
  }
  if (c == EOF && n == 0) {
    free(s);
    return NULL;
  }
  s[n] = 0;
  return s;
}

/* Splits `line` in place at tabs; returns the number of fields. */
static inline size_t split_tabs(char *line, char **fields, size_t max) {
  size_t n = 0;
  char *p = line;
  while (n < max) {
    fields[n++] = p;
    char *t = strchr(p, '\t');
    if (!t) break;
    *t = 0;
    p = t + 1;
  }
  return n;
}

static inline const char *rname(agora_token_result r) {
  return agora_token_result_name((uint32_t)r);
}

/* This thread's last error message (static buffer; test use only). */
static inline const char *last_error(void) {
  static char buf[4096];
  size_t n = 0;
  if (agora_token_last_error(buf, sizeof buf, &n) != AGORA_TOKEN_RESULT_OK)
    return "<last_error failed>";
  return buf;
}

#endif
