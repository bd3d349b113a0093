/*
 * byte-read.c - what byte_test, byte_jump, byte_extract and byte_math share: reading a
 * number out of the buffer (binary big/little endian, or ASCII in base 10/16/8), the
 * bitmask rule (mask, then shift right by the mask's trailing zeros, as Suricata), and
 * parsing the options these keywords have in common.
 */
#include "detect/kw/kw-payload.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/compiler.h"
#include "util/cursor.h"
#include "util/err.h"

bool byte_read_value(const uint8_t *buf, size_t len, int64_t pos, uint32_t nbytes,
        enum byte_base base, bool little, uint64_t *out)
{
    struct cursor c;
    uint64_t v = 0;
    uint32_t digits = 0;

    *out = 0;
    if (pos < 0 || (uint64_t)pos > len)
        return false;
    if (nbytes == 0 && base == BYTE_BASE_BIN) /* byte_jump:0: jump by post_offset only */
        return true;
    if (nbytes == 0) /* string with 0 bytes: all the digits there */
        nbytes = (uint32_t)VG_MIN(len - (size_t)pos, 64);
    if (nbytes == 0 || nbytes > len - (size_t)pos)
        return false;
    c = cur_make(buf + pos, nbytes);
    if (base == BYTE_BASE_BIN) {
        if (nbytes > 8)
            return false;
        for (uint32_t i = 0; i < nbytes; i++) {
            uint8_t b;

            cur_u8(&c, &b);
            if (little)
                v |= (uint64_t)b << (8 * i);
            else
                v = (v << 8) | b;
        }
        *out = v;
        return true;
    }
    for (uint32_t i = 0; i < nbytes; i++) {
        uint8_t b;
        unsigned d;

        cur_u8(&c, &b);
        if (isdigit(b))
            d = (unsigned)(b - '0');
        else if (base == BYTE_BASE_HEX && isxdigit(b))
            d = (unsigned)(tolower(b) - 'a' + 10);
        else
            break;
        if (d >= (unsigned)base)
            break;
        if (v > (UINT64_MAX - d) / (unsigned)base)
            return false;
        v = v * (unsigned)base + d;
        digits++;
    }
    *out = v;
    return digits > 0;
}

uint64_t byte_apply_bitmask(uint64_t v, uint64_t mask)
{
    v &= mask;
    if (mask != 0)
        v >>= __builtin_ctzll(mask);
    return v;
}

bool byte_parse_int(const char *s, int64_t *out)
{
    char *end;
    long long v;

    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return false;
    errno = 0;
    if ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
        v = (long long)strtoull(s, &end, 16);
    else
        v = strtoll(s, &end, 10);
    if (errno != 0 || end == s)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

int byte_parse_num_or_var(
        struct sig_builder *b, const char *s, int64_t *out, bool *is_var, char *err, size_t errlen)
{
    int idx;

    *is_var = false;
    if (byte_parse_int(s, out))
        return VG_OK;
    if (!isalpha((unsigned char)s[0]) && s[0] != '_') {
        snprintf(err, errlen, "invalid number '%.64s'", s);
        return VG_EINVAL;
    }
    idx = sig_builder_var_lookup(b, s);
    if (idx < 0) {
        snprintf(err, errlen, "unknown byte_extract/byte_math variable '%.64s'", s);
        return VG_EINVAL;
    }
    *is_var = true;
    *out = idx;
    return VG_OK;
}

int byte_split(char *s, char **f, int max)
{
    int n = 0;

    for (;;) {
        char *comma = strchr(s, ',');
        char *e;

        if (n == max)
            return -1;
        if (comma != NULL)
            *comma = '\0';
        while (isspace((unsigned char)*s))
            s++;
        e = s + strlen(s);
        while (e > s && isspace((unsigned char)e[-1]))
            *--e = '\0';
        f[n++] = s;
        if (comma == NULL)
            return n;
        s = comma + 1;
    }
}

/* "name value" or "name" alone: splits at the first blank; *val is "" when absent. */
static void split_kv(char *f, char **val)
{
    char *sp = f + strcspn(f, " \t");

    if (*sp != '\0') {
        *sp++ = '\0';
        while (isspace((unsigned char)*sp))
            sp++;
    }
    *val = sp;
}

static int parse_base(const char *v, enum byte_base *base)
{
    if (strcasecmp(v, "dec") == 0)
        *base = BYTE_BASE_DEC;
    else if (strcasecmp(v, "hex") == 0)
        *base = BYTE_BASE_HEX;
    else if (strcasecmp(v, "oct") == 0)
        *base = BYTE_BASE_OCT;
    else
        return VG_EINVAL;
    return VG_OK;
}

static int opt_num(
        const char *kw, const char *name, const char *v, int64_t *out, char *err, size_t errlen)
{
    if (!byte_parse_int(v, out)) {
        snprintf(err, errlen, "%s: invalid %s value '%.64s'", kw, name, v);
        return VG_EINVAL;
    }
    return VG_OK;
}

static int opt_endian(struct byte_opts *o, bool little, const char *kw, char *err, size_t errlen)
{
    if (o->flags & BYTE_F_ENDIAN_SET) {
        snprintf(err, errlen, "%s: endianness given twice", kw);
        return VG_EINVAL;
    }
    o->flags |= BYTE_F_ENDIAN_SET | (little ? BYTE_F_LITTLE : 0);
    return VG_OK;
}

static int parse_one(char **f, int n, int *i, unsigned allowed, struct byte_opts *o, const char *kw,
        char *err, size_t errlen)
{
    char *name = f[*i], *v;
    int64_t num;

    split_kv(name, &v);
    if (strcmp(name, "relative") == 0 && *v == '\0') {
        o->flags |= BYTE_F_RELATIVE;
    } else if (strcmp(name, "big") == 0 && *v == '\0') {
        return opt_endian(o, false, kw, err, errlen);
    } else if (strcmp(name, "little") == 0 && *v == '\0') {
        return opt_endian(o, true, kw, err, errlen);
    } else if (strcmp(name, "dce") == 0) {
        snprintf(err, errlen, "%s: dce option not supported (needs the dcerpc parser)", kw);
        return VG_EINVAL;
    } else if (strcmp(name, "string") == 0) {
        if (o->base != BYTE_BASE_BIN) {
            snprintf(err, errlen, "%s: string given twice", kw);
            return VG_EINVAL;
        }
        o->base = BYTE_BASE_DEC;
        if (*v != '\0') {
            if (parse_base(v, &o->base) != VG_OK)
                goto bad;
        } else if (*i + 1 < n && parse_base(f[*i + 1], &o->base) == VG_OK) {
            (*i)++;
        }
    } else if (strcmp(name, "bitmask") == 0 && (allowed & BYTE_OPT_BITMASK)) {
        if (opt_num(kw, name, v, &num, err, errlen) != VG_OK)
            return VG_EINVAL;
        o->flags |= BYTE_F_BITMASK;
        o->bitmask = (uint64_t)num;
    } else if (strcmp(name, "multiplier") == 0 && (allowed & BYTE_OPT_MULTIPLIER)) {
        if (opt_num(kw, name, v, &num, err, errlen) != VG_OK)
            return VG_EINVAL;
        if (num < 1 || num > 65535) {
            snprintf(err, errlen, "%s: multiplier %lld out of range 1-65535", kw, (long long)num);
            return VG_EINVAL;
        }
        o->multiplier = num;
    } else if (strcmp(name, "post_offset") == 0 && (allowed & BYTE_OPT_POST_OFFSET)) {
        if (opt_num(kw, name, v, &num, err, errlen) != VG_OK)
            return VG_EINVAL;
        o->post_offset = num;
    } else if (strcmp(name, "align") == 0 && (allowed & BYTE_OPT_ALIGN_FLAG) && *v == '\0') {
        o->flags |= BYTE_F_ALIGN;
        o->align = 4;
    } else if (strcmp(name, "align") == 0 && (allowed & BYTE_OPT_ALIGN_N)) {
        if (opt_num(kw, name, v, &num, err, errlen) != VG_OK)
            return VG_EINVAL;
        if (num != 2 && num != 4) {
            snprintf(err, errlen, "%s: align must be 2 or 4", kw);
            return VG_EINVAL;
        }
        o->flags |= BYTE_F_ALIGN;
        o->align = (uint32_t)num;
    } else if (strcmp(name, "from_beginning") == 0 && (allowed & BYTE_OPT_FROM) && *v == '\0') {
        o->flags |= BYTE_F_FROM_BEGIN;
    } else if (strcmp(name, "from_end") == 0 && (allowed & BYTE_OPT_FROM) && *v == '\0') {
        o->flags |= BYTE_F_FROM_END;
    } else {
        goto bad;
    }
    return VG_OK;
bad:
    snprintf(err, errlen, "%s: invalid option '%.64s%s%.64s'", kw, name, *v ? " " : "", v);
    return VG_EINVAL;
}

int byte_parse_opts(char **f, int n, unsigned allowed, struct byte_opts *o, const char *kw,
        char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->multiplier = 1;
    for (int i = 0; i < n; i++) {
        if (parse_one(f, n, &i, allowed, o, kw, err, errlen) != VG_OK)
            return VG_EINVAL;
    }
    if ((o->flags & BYTE_F_FROM_BEGIN) && (o->flags & BYTE_F_FROM_END)) {
        snprintf(err, errlen, "%s: from_beginning and from_end cannot be used together", kw);
        return VG_EINVAL;
    }
    if ((o->flags & BYTE_F_BITMASK) && o->bitmask == 0) {
        snprintf(err, errlen, "%s: bitmask must not be 0", kw);
        return VG_EINVAL;
    }
    return VG_OK;
}

int byte_check_nbytes(
        int64_t nbytes, enum byte_base base, bool zero_ok, const char *kw, char *err, size_t errlen)
{
    int64_t max = base == BYTE_BASE_BIN ? 8 : 23;

    /* string with 0 bytes reads every digit present (Suricata accepts it; ET uses it) */
    if (nbytes < (base == BYTE_BASE_BIN && !zero_ok ? 1 : 0) || nbytes > max) {
        snprintf(err, errlen, "%s: %s number of bytes %lld out of range 1-%lld", kw,
                base == BYTE_BASE_BIN ? "binary" : "string", (long long)nbytes, (long long)max);
        return VG_EINVAL;
    }
    return VG_OK;
}
