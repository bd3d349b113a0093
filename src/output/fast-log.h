/*
 * fast-log.h - fast.log: Suricata's one-line alert log.
 *
 * Line format (Suricata's, timestamps in UTC as Vigie never uses local time):
 *   MM/DD/YYYY-HH:MM:SS.uuuuuu  [**] [gid:sid:rev] msg [**] [Classification: X]
 *   [Priority: N] {PROTO} src:sp -> dst:dp
 * on one line; X is "(null)" for rules without a classtype, exactly as Suricata prints it;
 * for ICMP the "ports" are the ICMP type and code.
 * Configured by "outputs: - fast: {enabled, filename (default fast.log), append}". Each
 * worker buffers its lines and writes whole lines with one write() on an O_APPEND file,
 * so no lock is taken and lines never interleave.
 */
#ifndef VG_OUTPUT_FAST_LOG_H
#define VG_OUTPUT_FAST_LOG_H

#include <stdbool.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "detect/detect.h"

struct fast_log;
struct fast_log_thread;

/* Opens the fast.log configured in c under logdir. *out is NULL (and VG_OK returned) when
 * no enabled fast output is configured. Returns VG_OK or a negative VG_E* (logged). */
int fast_log_open(struct fast_log **out, const struct conf *c, const char *logdir);
void fast_log_close(struct fast_log *fl);

/* A per-worker writer (NULL on ENOMEM); free flushes. */
struct fast_log_thread *fast_log_thread_new(struct fast_log *fl);
void fast_log_thread_free(struct fast_log_thread *t);
/* Writes the buffered lines. Returns VG_OK or VG_EIO. */
int fast_log_thread_flush(struct fast_log_thread *t);

/* Formats one line per alert of a into the thread's buffer. */
void fast_log_alerts(
        struct fast_log_thread *t, const struct packet *p, const struct detect_alerts *a);
/* Formats one line (tests): returns the length written into buf (always terminated). */
size_t fast_log_format(char *buf, size_t len, const struct packet *p, const struct sig *s);

#endif
