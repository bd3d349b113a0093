/*
 * ssh-parse.c - one direction of an SSH session: banner line, binary packets, KEXINIT, HASSH.
 *
 * A small state machine per direction (struct ssh_parser) fed with the stream's bytes in
 * order, in chunks of any size:
 *   - banner: the first line, up to LF, CR LF or a lone CR. "SSH-" then a non-empty protocol
 *     version up to the next '-', then the software version up to a space or the end (empty
 *     allowed); anything else is invalid_banner and the side stops. A line of 256 bytes or
 *     more is long_banner but still parsed; when 256 bytes have come without an end of line,
 *     what came is parsed as the banner (long_banner) and the rest of the line skipped
 *     (Suricata's behaviour). A line split across chunks is buffered (SSH_LINE_BUF_MAX).
 *   - packets: the 6-byte head (packet length, padding length, message code) is read, the
 *     rest of the packet skipped as it streams by. A length below 2 is invalid_record and the
 *     side stops. NEWKEYS ends the cleartext part: the side is finished and nothing after it
 *     is looked at (encrypted). KEXINIT, when HASSH is on and the side has none yet, is
 *     parsed in place when the chunk holds it whole, else buffered up to SSH_KEX_BUF_MAX
 *     bytes (longer: long_kex_record, no HASSH).
 * A gap inside a packet being skipped is skipped too; any other gap stops the side (no
 * error). The parser never reads outside the chunk it was given (util/cursor.h).
 */
#include "app/ssh/ssh.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cursor.h"
#include "util/err.h"

/* HASSH fields: indexes of the KEXINIT name-lists. */
enum {
    KEX_ALGS = 0,
    KEX_ENC_C2S = 2,
    KEX_ENC_S2C = 3,
    KEX_MAC_C2S = 4,
    KEX_MAC_S2C = 5,
    KEX_COMP_C2S = 6,
    KEX_COMP_S2C = 7,
    KEX_LISTS = 10,
};

static void buf_drop(struct ssh_parser *ps)
{
    free(ps->buf);
    ps->buf = NULL;
    ps->buf_len = 0;
    ps->buf_cap = 0;
}

/* Appends n bytes to ps->buf; bytes that would take it past max are dropped. */
static int buf_append(struct ssh_parser *ps, const uint8_t *p, size_t n, uint32_t max)
{
    size_t want;

    if (ps->buf_len >= max)
        return VG_OK;
    if (n > max - ps->buf_len)
        n = max - ps->buf_len;
    if (n == 0)
        return VG_OK;
    want = ps->buf_len + n;
    if (want > ps->buf_cap) {
        size_t cap = ps->buf_cap != 0 ? ps->buf_cap : 256;
        uint8_t *nb;

        while (cap < want)
            cap *= 2;
        if (cap > max)
            cap = max;
        nb = realloc(ps->buf, cap);
        if (nb == NULL)
            return VG_ENOMEM;
        ps->buf = nb;
        ps->buf_cap = (uint32_t)cap;
    }
    memcpy(ps->buf + ps->buf_len, p, n);
    ps->buf_len = (uint32_t)want;
    return VG_OK;
}

/* A copy of n bytes in *dst (NULL when n is 0). */
static int dup_bytes(uint8_t **dst, uint32_t *dst_len, const uint8_t *p, size_t n)
{
    *dst = NULL;
    *dst_len = 0;
    if (n == 0)
        return VG_OK;
    *dst = malloc(n);
    if (*dst == NULL)
        return VG_ENOMEM;
    memcpy(*dst, p, n);
    *dst_len = (uint32_t)n;
    return VG_OK;
}

/* Offset of the first CR or LF in the cursor's bytes, or cur_left(c). */
static size_t find_eol(const struct cursor *c)
{
    size_t n = cur_left(c);
    const uint8_t *lf = memchr(c->p, '\n', n);
    const uint8_t *cr = memchr(c->p, '\r', lf != NULL ? (size_t)(lf - c->p) : n);

    if (cr != NULL)
        return (size_t)(cr - c->p);
    return lf != NULL ? (size_t)(lf - c->p) : n;
}

/* Consumes the end of line at the cursor (LF, CR LF or CR); a CR that ends the chunk leaves
 * pending_cr so a LF starting the next chunk is skipped. */
static void eat_eol(struct ssh_parser *ps, struct cursor *c)
{
    uint8_t b;

    if (!cur_u8(c, &b) || b != '\r')
        return;
    if (cur_peek_u8(c, 0, &b)) {
        if (b == '\n')
            cur_skip(c, 1);
    } else {
        ps->pending_cr = true;
    }
}

/* Parses a banner (line without its end of line) into side. VG_EINVAL if not a banner. */
static int banner_parse(struct ssh_side *side, const uint8_t *line, size_t len)
{
    struct cursor c = cur_make(line, len);
    struct slice proto, sw;
    int rc;

    if (!cur_has(&c, 4) || memcmp(c.p, "SSH-", 4) != 0)
        return VG_EINVAL;
    cur_skip(&c, 4);
    if (!cur_until(&c, '-', cur_left(&c), &proto) || proto.len == 0)
        return VG_EINVAL;
    /* the software version ends at a space (comments follow) or the end of the line */
    sw.p = c.p;
    sw.len = 0;
    while (sw.len < cur_left(&c) && c.p[sw.len] != ' ' && c.p[sw.len] != '\r' &&
            c.p[sw.len] != '\n')
        sw.len++;
    ssh_side_release(side);
    rc = dup_bytes(&side->proto, &side->proto_len, proto.p, proto.len);
    if (rc == VG_OK)
        rc = dup_bytes(&side->software, &side->software_len, sw.p, sw.len);
    return rc;
}

/* A banner line is complete (or cut as long): parse it and move on. */
static int banner_done(struct ssh_parser *ps, struct ssh_side *side, const uint8_t *line,
        size_t len, bool cut, unsigned *events)
{
    int rc = banner_parse(side, line, len);

    buf_drop(ps);
    if (rc == VG_EINVAL) {
        *events |= 1u << SSH_EV_INVALID_BANNER;
        return rc;
    }
    if (cut || len >= SSH_MAX_BANNER_LEN)
        *events |= 1u << SSH_EV_LONG_BANNER;
    side->progress = cut ? SSH_PROGRESS_BANNER_WAIT_EOL : SSH_PROGRESS_BANNER_DONE;
    return rc;
}

/* Banner state: consumes up to the end of the line, or everything (buffered). */
static int banner_step(
        struct ssh_parser *ps, struct ssh_side *side, struct cursor *c, unsigned *events)
{
    size_t eol = find_eol(c);
    const uint8_t *start = c->p;
    int rc;

    if (eol < cur_left(c)) {
        cur_skip(c, eol);
        eat_eol(ps, c);
        if (ps->buf_len == 0)
            return banner_done(ps, side, start, eol, false, events);
        rc = buf_append(ps, start, eol, SSH_LINE_BUF_MAX);
        if (rc < 0)
            return rc;
        return banner_done(ps, side, ps->buf, ps->buf_len, false, events);
    }
    rc = buf_append(ps, start, eol, SSH_LINE_BUF_MAX);
    cur_skip(c, eol);
    if (rc < 0)
        return rc;
    if (ps->buf_len >= SSH_MAX_BANNER_LEN)
        return banner_done(ps, side, ps->buf, ps->buf_len, true, events);
    return VG_OK;
}

/* Long banner: skips to the end of the line. */
static void eol_step(struct ssh_parser *ps, struct ssh_side *side, struct cursor *c)
{
    size_t eol = find_eol(c);

    cur_skip(c, eol);
    if (cur_left(c) > 0) {
        eat_eol(ps, c);
        side->progress = SSH_PROGRESS_BANNER_DONE;
    }
}

/* Reads one name-list (uint32 length + bytes). */
static bool name_list(struct cursor *c, struct slice *s)
{
    struct cursor save = *c;
    uint32_t n;

    if (cur_be32(c, &n) && cur_take(c, n, s))
        return true;
    *c = save;
    return false;
}

/* Builds side's HASSH from a KEXINIT payload (after the message code). A payload that does
 * not hold every field gives no HASSH. */
static int kexinit_hassh(struct ssh_side *side, const uint8_t *p, size_t len, bool server)
{
    static const char hex[] = "0123456789abcdef";
    struct cursor c = cur_make(p, len);
    struct slice l[KEX_LISTS];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    size_t pick[4], total = 3, off = 0;
    uint8_t follows;
    uint32_t reserved;
    uint8_t *s;

    if (!cur_skip(&c, 16))
        return VG_OK;
    for (int i = 0; i < KEX_LISTS; i++) {
        if (!name_list(&c, &l[i]))
            return VG_OK;
    }
    if (!cur_u8(&c, &follows) || !cur_be32(&c, &reserved))
        return VG_OK;
    pick[0] = KEX_ALGS;
    pick[1] = server ? KEX_ENC_S2C : KEX_ENC_C2S;
    pick[2] = server ? KEX_MAC_S2C : KEX_MAC_C2S;
    pick[3] = server ? KEX_COMP_S2C : KEX_COMP_C2S;
    for (int i = 0; i < 4; i++)
        total += l[pick[i]].len;
    s = malloc(total);
    if (s == NULL)
        return VG_ENOMEM;
    for (int i = 0; i < 4; i++) {
        if (i > 0)
            s[off++] = ';';
        if (l[pick[i]].len > 0)
            memcpy(s + off, l[pick[i]].p, l[pick[i]].len);
        off += l[pick[i]].len;
    }
    if (EVP_Digest(s, total, md, &md_len, EVP_md5(), NULL) != 1 || md_len != 16) {
        free(s);
        return VG_OK;
    }
    for (unsigned int i = 0; i < md_len; i++) {
        side->hassh[2 * i] = hex[md[i] >> 4];
        side->hassh[2 * i + 1] = hex[md[i] & 15];
    }
    side->hassh[32] = '\0';
    free(side->hassh_string);
    side->hassh_string = s;
    side->hassh_string_len = (uint32_t)total;
    side->has_hassh = true;
    return VG_OK;
}

/* Inside a packet: skips (or buffers, for a KEXINIT) what is left of it. */
static int record_body(struct ssh_parser *ps, struct ssh_side *side, struct cursor *c, bool server)
{
    size_t n = cur_left(c) < ps->record_left ? cur_left(c) : ps->record_left;
    int rc = VG_OK;

    if (ps->collecting_kex)
        rc = buf_append(ps, c->p, n, SSH_KEX_BUF_MAX);
    cur_skip(c, n);
    ps->record_left -= (uint32_t)n;
    if (rc == VG_OK && ps->record_left == 0 && ps->collecting_kex)
        rc = kexinit_hassh(side, ps->buf, ps->buf_len, server);
    if (ps->record_left == 0 && ps->collecting_kex) {
        ps->collecting_kex = false;
        buf_drop(ps);
    }
    return rc;
}

/* Packets: reads the next head (possibly across chunks) and decides what to do with the
 * packet's body. */
static int record_step(struct ssh_parser *ps, struct ssh_side *side, struct cursor *c, bool server,
        bool hassh, unsigned *events)
{
    size_t n = sizeof(ps->hdr) - ps->hdr_len;
    struct cursor h;
    uint32_t pkt_len, body;
    uint8_t pad, msg;

    if (ps->record_left > 0)
        return record_body(ps, side, c, server);
    if (n > cur_left(c))
        n = cur_left(c);
    cur_copy(c, ps->hdr + ps->hdr_len, n);
    ps->hdr_len += (uint8_t)n;
    if (ps->hdr_len < sizeof(ps->hdr))
        return VG_OK;
    ps->hdr_len = 0;
    h = cur_make(ps->hdr, sizeof(ps->hdr));
    cur_be32(&h, &pkt_len);
    cur_u8(&h, &pad);
    cur_u8(&h, &msg);
    if (pkt_len < 2) {
        *events |= 1u << SSH_EV_INVALID_RECORD;
        return VG_EINVAL;
    }
    body = pkt_len - 2;
    if (msg == SSH_MSG_NEWKEYS) {
        side->progress = SSH_PROGRESS_FINISHED;
        return VG_OK;
    }
    ps->record_left = body;
    if (msg != SSH_MSG_KEXINIT || !hassh || side->has_hassh || body == 0)
        return VG_OK;
    if (cur_left(c) >= body) {
        int rc = kexinit_hassh(side, c->p, body, server);

        cur_skip(c, body);
        ps->record_left = 0;
        return rc;
    }
    if (body < SSH_KEX_BUF_MAX)
        ps->collecting_kex = true;
    else
        *events |= 1u << SSH_EV_LONG_KEX_RECORD;
    return VG_OK;
}

/* len bytes are missing: skippable inside a packet being skipped, else the side stops. */
static void on_gap(struct ssh_parser *ps, struct ssh_side *side, uint32_t len)
{
    if (side->progress == SSH_PROGRESS_BANNER_DONE && ps->record_left >= len) {
        ps->record_left -= len;
        if (ps->collecting_kex) {
            ps->collecting_kex = false;
            buf_drop(ps);
        }
        return;
    }
    side->progress = SSH_PROGRESS_FAILED;
    ssh_parser_release(ps);
}

int ssh_parse(struct ssh_parser *ps, struct ssh_side *side, const uint8_t *data, uint32_t len,
        bool server, bool hassh, unsigned *events)
{
    struct cursor c;
    int rc = VG_OK;
    uint8_t b;

    if (side->progress >= SSH_PROGRESS_FINISHED)
        return VG_OK;
    if (data == NULL) {
        on_gap(ps, side, len);
        return VG_OK;
    }
    c = cur_make(data, len);
    while (rc == VG_OK && cur_left(&c) > 0 && side->progress < SSH_PROGRESS_FINISHED) {
        if (ps->pending_cr) {
            ps->pending_cr = false;
            if (cur_peek_u8(&c, 0, &b) && b == '\n')
                cur_skip(&c, 1);
            continue;
        }
        switch (side->progress) {
        case SSH_PROGRESS_BANNER:
            rc = banner_step(ps, side, &c, events);
            break;
        case SSH_PROGRESS_BANNER_WAIT_EOL:
            eol_step(ps, side, &c);
            break;
        default:
            rc = record_step(ps, side, &c, server, hassh, events);
            break;
        }
    }
    if (rc < 0)
        side->progress = SSH_PROGRESS_FAILED;
    if (side->progress >= SSH_PROGRESS_FINISHED)
        ssh_parser_release(ps);
    return rc;
}

void ssh_parser_release(struct ssh_parser *ps)
{
    free(ps->buf);
    memset(ps, 0, sizeof(*ps));
}

void ssh_side_release(struct ssh_side *side)
{
    free(side->proto);
    free(side->software);
    free(side->hassh_string);
    side->proto = NULL;
    side->software = NULL;
    side->hassh_string = NULL;
    side->proto_len = 0;
    side->software_len = 0;
    side->hassh_string_len = 0;
    side->has_hassh = false;
    side->hassh[0] = '\0';
}
