/*
 * fast-log.c - fast.log writer (see fast-log.h).
 */
#include "output/fast-log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output/eve.h"
#include "util/err.h"
#include "util/log.h"

#define FAST_BUF_SIZE 65536
#define FAST_LINE_MAX 4096

struct fast_log {
    int fd;
    char path[4096];
};

struct fast_log_thread {
    struct fast_log *fl;
    char *buf;
    size_t len;
};

int fast_log_open(struct fast_log **out, const struct conf *c, const char *logdir)
{
    const struct conf_node *outputs, *item;
    const char *name = "fast.log";
    bool enabled = false, append = true;
    struct fast_log *fl;

    *out = NULL;
    outputs = conf_get(c, NULL, "outputs");
    if (outputs == NULL || outputs->kind != CONF_SEQ)
        return VG_OK;
    for (item = outputs->child; item != NULL; item = item->next) {
        const struct conf_node *n = item->child;

        if (item->kind != CONF_MAP || n == NULL || n->key == NULL || strcmp(n->key, "fast") != 0)
            continue;
        if (conf_get_bool(c, n, "enabled", &enabled) < 0)
            return VG_EINVAL;
        if (!enabled)
            continue;
        if (conf_get_str(c, n, "filename") != NULL && conf_get_str(c, n, "filename")[0] != '\0')
            name = conf_get_str(c, n, "filename");
        if (conf_get_bool(c, n, "append", &append) < 0)
            return VG_EINVAL;
        break;
    }
    if (!enabled)
        return VG_OK;
    fl = calloc(1, sizeof(*fl));
    if (fl == NULL)
        return VG_ENOMEM;
    if (name[0] == '/')
        snprintf(fl->path, sizeof(fl->path), "%s", name);
    else
        snprintf(fl->path, sizeof(fl->path), "%s/%s", logdir != NULL ? logdir : ".", name);
    fl->fd = open(
            fl->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC), 0640);
    if (fl->fd < 0) {
        log_error(LOG_OUTPUT, "%s: %s", fl->path, strerror(errno));
        free(fl);
        return VG_EIO;
    }
    *out = fl;
    return VG_OK;
}

void fast_log_close(struct fast_log *fl)
{
    if (fl == NULL)
        return;
    close(fl->fd);
    free(fl);
}

struct fast_log_thread *fast_log_thread_new(struct fast_log *fl)
{
    struct fast_log_thread *t = calloc(1, sizeof(*t));

    if (t == NULL)
        return NULL;
    t->fl = fl;
    t->buf = malloc(FAST_BUF_SIZE);
    if (t->buf == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

int fast_log_thread_flush(struct fast_log_thread *t)
{
    size_t off = 0;

    while (off < t->len) {
        ssize_t n = write(t->fl->fd, t->buf + off, t->len - off);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            log_error(LOG_OUTPUT, "%s: %s", t->fl->path, strerror(errno));
            t->len = 0;
            return VG_EIO;
        }
        off += (size_t)n;
    }
    t->len = 0;
    return VG_OK;
}

void fast_log_thread_free(struct fast_log_thread *t)
{
    if (t == NULL)
        return;
    fast_log_thread_flush(t);
    free(t->buf);
    free(t);
}

size_t fast_log_format(char *buf, size_t len, const struct packet *p, const struct sig *s)
{
    char ts[96], src[64] = "", dst[64] = "", pbuf[16];
    unsigned sp = p->sp, dp = p->dp;
    time_t sec = (time_t)(p->ts_usec / 1000000u);
    struct tm tm;
    int n;

    gmtime_r(&sec, &tm);
    snprintf(ts, sizeof(ts), "%02d/%02d/%04d-%02d:%02d:%02d.%06u", tm.tm_mon + 1, tm.tm_mday,
            tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned)(p->ts_usec % 1000000u));
    if (p->proto == 1 || p->proto == 58) { /* Suricata prints ICMP type and code there */
        sp = p->icmp.type;
        dp = p->icmp.code;
    }
    if (p->ip_ver != 0) {
        eve_format_addr(src, sizeof(src), p->ip_ver, &p->src, false);
        eve_format_addr(dst, sizeof(dst), p->ip_ver, &p->dst, false);
    }
    n = snprintf(buf, len,
            "%s  [**] [%u:%u:%u] %s [**] [Classification: %s] [Priority: %d] {%s} %s:%u -> "
            "%s:%u\n",
            ts, s->gid, s->sid, s->rev, s->msg != NULL ? s->msg : "(null)",
            s->class_msg != NULL ? s->class_msg : "(null)", s->priority,
            eve_proto_name(p->proto, pbuf, sizeof(pbuf)), src, sp, dst, dp);
    if (n < 0)
        return 0;
    return (size_t)n < len ? (size_t)n : len - 1;
}

void fast_log_alerts(
        struct fast_log_thread *t, const struct packet *p, const struct detect_alerts *a)
{
    if (t == NULL)
        return;
    for (uint8_t i = 0; i < a->n; i++) {
        if (a->a[i].flags & DETECT_ALERT_F_NOALERT)
            continue;
        if (FAST_BUF_SIZE - t->len < FAST_LINE_MAX)
            fast_log_thread_flush(t);
        t->len += fast_log_format(t->buf + t->len, FAST_BUF_SIZE - t->len, p, a->a[i].s);
    }
}
