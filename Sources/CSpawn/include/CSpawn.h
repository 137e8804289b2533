#ifndef FUNDUS_CSPAWN_H
#define FUNDUS_CSPAWN_H
#include <spawn.h>

// posix_spawn_file_actions_addclosefrom_np (glibc 2.34), which Swift does not
// import: a filter must inherit no descriptor of ours but 0, 1 and 2 (an
// index lock or a pipe held by a child that outlives us would block others).
int fundus_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
