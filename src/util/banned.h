/*
 * banned.h - turns unsafe libc calls into compile errors.
 *
 * The build force-includes this file (-include) into every translation unit. It first pulls
 * in the system headers that declare the banned functions, so their prototypes are seen
 * before the macros exist; later #includes of those headers are no-ops thanks to their
 * guards.
 */
#ifndef VG_UTIL_BANNED_H
#define VG_UTIL_BANNED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VG_BANNED(func) sorry_##func##_is_banned

#undef strcpy
#define strcpy(x, y) VG_BANNED(strcpy)
#undef strcat
#define strcat(x, y) VG_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) VG_BANNED(strncpy)
#undef strtok
#define strtok(x, y) VG_BANNED(strtok)
#undef sprintf
#define sprintf(...) VG_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) VG_BANNED(vsprintf)
#undef gets
#define gets(x) VG_BANNED(gets)
#undef localtime
#define localtime(x) VG_BANNED(localtime)
#undef gmtime
#define gmtime(x) VG_BANNED(gmtime)
#undef ctime
#define ctime(x) VG_BANNED(ctime)

#endif
