/* Two threads on one job (team.c). */
#ifndef CONVLAB_TEAM_H
#define CONVLAB_TEAM_H

/* Runs run(args, from, to) over items [0, count) in ranges, on the calling thread and the helper. */
void team_run(void (*run)(const void *args, int from, int to), const void *args, int count);

/* 1 keeps every job on the calling thread; 2 (the default) uses the helper. */
void team_set_threads(int n);

#endif
