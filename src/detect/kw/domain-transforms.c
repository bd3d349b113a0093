/*
 * domain-transforms.c - the `domain` and `tld` transforms (Suricata 8): a host name reduced
 * to its registrable domain (the public suffix plus one label: "www.bbc.co.uk" gives
 * "bbc.co.uk") or to its public suffix ("co.uk").
 *
 * The public suffix list is libpsl's built-in one (no copy of the list here); the private
 * section counts too ("foo.github.io" is registrable). The lookup is done on an ASCII
 * lowercased copy and the output is the matching tail of the original bytes, so case is
 * kept. A trailing dot is kept as it is ("example.com." gives "example.com."). A name with
 * no registrable domain (a bare suffix such as "co.uk", a single label, an empty buffer, a
 * buffer holding a NUL byte) gives an empty buffer; an unknown TLD is its own suffix (the
 * PSL's implicit "*" rule), so "a.b.unknowntld" gives "b.unknowntld".
 */
#include <ctype.h>
#include <libpsl.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

/* Names longer than this are not host names (DNS: 255): they give an empty buffer. */
#define DOMAIN_MAX 1024

static int copy_out(struct xform_out *o, const uint8_t *p, size_t n)
{
    if (n > o->cap) {
        uint8_t *q = realloc(o->p, n);

        if (q == NULL)
            return VG_ENOMEM;
        o->p = q;
        o->cap = n;
    }
    if (n > 0)
        memcpy(o->p, p, n);
    o->len = n;
    return VG_OK;
}

/* Runs the PSL lookup (registrable domain, or public suffix when want_tld) on in and writes
 * the matching tail of in to o (empty when there is none). */
static int psl_tail(const uint8_t *in, size_t len, bool want_tld, struct xform_out *o)
{
    char low[DOMAIN_MAX + 1];
    const psl_ctx_t *psl = psl_builtin();
    const char *r;

    o->len = 0;
    if (psl == NULL || len == 0 || len > DOMAIN_MAX || memchr(in, 0, len) != NULL)
        return copy_out(o, in, 0);
    for (size_t i = 0; i < len; i++)
        low[i] = (char)tolower(in[i]);
    low[len] = '\0';
    r = want_tld ? psl_unregistrable_domain(psl, low) : psl_registrable_domain(psl, low);
    if (r == NULL || r < low || r > low + len)
        return copy_out(o, in, 0);
    return copy_out(o, in + (r - low), len - (size_t)(r - low));
}

static int xf_domain(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return psl_tail(in, len, false, o);
}

static int xf_tld(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return psl_tail(in, len, true, o);
}

static int setup_domain(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    return sig_builder_add_transform(b, &kw_domain, NULL);
}

static int setup_tld(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    return sig_builder_add_transform(b, &kw_tld, NULL);
}

const struct keyword kw_domain = {
    .name = "domain",
    .flags = KW_F_TRANSFORM | KW_F_NOVALUE,
    .setup = setup_domain,
    .transform = xf_domain,
};

const struct keyword kw_tld = {
    .name = "tld",
    .flags = KW_F_TRANSFORM | KW_F_NOVALUE,
    .setup = setup_tld,
    .transform = xf_tld,
};
