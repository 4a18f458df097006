/*
 * Two threads on one job: the calling thread and one helper thread (started on first use) take
 * items from a shared counter until none is left; the caller returns when both are done. Each
 * thread spins 0.5 ms before it sleeps on a condition variable, since a batch posts jobs back to
 * back. One caller at a time has the helper; a caller on another thread meanwhile (a worker
 * thread of the same process) runs its job alone rather than wait.
 */
#define _GNU_SOURCE
#include "team.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

typedef struct {
  void (*run)(const void *args, int from, int to);
  const void *args;
  int count, step;
  atomic_int next;
} job;

enum { IDLE, POSTED, RUNNING };
static atomic_int state = IDLE;
static job *posted;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Held by the call that uses the helper: a call from another thread at the same time (a worker
 * thread of the same process) runs on its own thread instead of waiting. */
static pthread_mutex_t helper_owner = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
static int helper_started, threads = 2;

/* How long a thread spins before it sleeps: a batch posts one job per call, often back to back. */
#define SPIN_NS 500000L

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void work(job *j) {
  for (;;) {
    const int from = atomic_fetch_add_explicit(&j->next, j->step, memory_order_relaxed);
    if (from >= j->count) return;
    j->run(j->args, from, from + j->step < j->count ? from + j->step : j->count);
  }
}

static void *helper_main(void *unused) {
  (void)unused;
  for (;;) {
    const long until = now_ns() + SPIN_NS;
    while (atomic_load(&state) != POSTED && now_ns() < until) __builtin_ia32_pause();
    if (atomic_load(&state) != POSTED) {
      pthread_mutex_lock(&lock);
      while (atomic_load(&state) != POSTED) pthread_cond_wait(&wake, &lock);
      pthread_mutex_unlock(&lock);
    }
    int expected = POSTED;
    if (!atomic_compare_exchange_strong(&state, &expected, RUNNING)) continue;
    work(posted);
    pthread_mutex_lock(&lock);
    atomic_store(&state, IDLE);
    pthread_cond_signal(&done);
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

/* Runs `count` items on both threads (one for a single item, or when the helper is busy or cannot start). */
void team_run(void (*run)(const void *, int, int), const void *args, int count) {
  job j = {run, args, count, count / 64 > 1 ? count / 64 : 1, 0};
  const int owner = threads > 1 && count > 1 && pthread_mutex_trylock(&helper_owner) == 0;
  if (owner && !helper_started) {
    pthread_t t;
    helper_started = pthread_create(&t, NULL, helper_main, NULL) == 0 ? 1 : -1;
    if (helper_started == 1) pthread_detach(t);
  }
  const int shared = owner && helper_started == 1;
  if (shared) {
    posted = &j;
    pthread_mutex_lock(&lock);
    atomic_store(&state, POSTED);
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
  }
  work(&j);
  if (shared) {
    int expected = POSTED;
    if (!atomic_compare_exchange_strong(&state, &expected, IDLE)) {
      const long until = now_ns() + SPIN_NS;
      while (atomic_load(&state) != IDLE && now_ns() < until) __builtin_ia32_pause();
      pthread_mutex_lock(&lock);
      while (atomic_load(&state) != IDLE) pthread_cond_wait(&done, &lock);
      pthread_mutex_unlock(&lock);
    }
  }
  if (owner) pthread_mutex_unlock(&helper_owner);
}

void team_set_threads(int n) { threads = n >= 2 ? 2 : 1; }
