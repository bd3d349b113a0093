/*
 * tls-fingerprint.c - JA3, JA3S and JA4 client/server fingerprints.
 *
 * JA3 (Salesforce): "version,ciphers,extensions,groups,point_formats" of the ClientHello,
 * decimal values joined by '-', and its MD5 in lower-case hex. JA3S: "version,cipher,
 * extensions" of the ServerHello. JA4 (FoxIO): "t" + version ("13", "12", ... from
 * supported_versions when present, else the hello's) + "d"/"i" (SNI or not) + cipher and
 * extension counts (2 digits, at most 99) + first and last character of the first ALPN
 * ("00" without) "_" the first 12 hex digits of SHA-256 over the sorted ciphers (4-digit hex
 * joined by ',') "_" the same over the sorted extensions without SNI and ALPN, followed by
 * "_" and the signature algorithms in wire order when there are some. GREASE values
 * (RFC 8701: 0x?a?a) never count anywhere.
 */
#include "app/tls/tls.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sbuf {
    char *p;
    size_t len, cap;
    bool fail;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->fail)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *np = realloc(b->p, cap);

        if (np == NULL) {
            b->fail = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_num(struct sbuf *b, unsigned v, bool hex4)
{
    char t[8];
    int n = hex4 ? snprintf(t, sizeof(t), "%04x", v) : snprintf(t, sizeof(t), "%u", v);

    sb_add(b, t, (size_t)n);
}

bool tls_is_grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

static void sb_list(struct sbuf *b, const struct tls_u16s *l, char sep, bool hex4)
{
    bool first = true;

    for (uint16_t i = 0; i < l->n; i++) {
        if (tls_is_grease(l->v[i]))
            continue;
        if (!first)
            sb_add(b, &sep, 1);
        sb_num(b, l->v[i], hex4);
        first = false;
    }
}

static void md5_hex(const char *s, size_t len, char out[33])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    out[0] = 0;
    if (EVP_Digest(s, len, md, &n, EVP_md5(), NULL) != 1 || n != 16)
        return;
    for (unsigned i = 0; i < 16; i++)
        snprintf(out + i * 2, 3, "%02x", md[i]);
}

static void sha256_12(const char *s, size_t len, char out[13])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    memcpy(out, "000000000000", 13);
    if (EVP_Digest(s, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
        return;
    for (unsigned i = 0; i < 6; i++)
        snprintf(out + i * 2, 3, "%02x", md[i]);
}

static char *ja3_client(const struct tls_hello *h)
{
    struct sbuf b = { 0 };

    sb_num(&b, h->version, false);
    sb_add(&b, ",", 1);
    sb_list(&b, &h->ciphers, '-', false);
    sb_add(&b, ",", 1);
    sb_list(&b, &h->exts, '-', false);
    sb_add(&b, ",", 1);
    sb_list(&b, &h->groups, '-', false);
    sb_add(&b, ",", 1);
    for (uint16_t i = 0; i < h->n_ec_pf; i++) {
        if (i > 0)
            sb_add(&b, "-", 1);
        sb_num(&b, h->ec_pf[i], false);
    }
    if (b.fail) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static const char *ja4_version(uint16_t v)
{
    switch (v) {
    case 0x0304:
        return "13";
    case 0x0303:
        return "12";
    case 0x0302:
        return "11";
    case 0x0301:
        return "10";
    case 0x0300:
        return "s3";
    case 0x0200:
        return "s2";
    case 0x0100:
        return "s1";
    case 0xfeff:
        return "d1";
    case 0xfefd:
        return "d2";
    case 0xfefc:
        return "d3";
    default:
        return "00";
    }
}

static int cmp_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

    return (x > y) - (x < y);
}

/* The non-GREASE values of l, minus sni/alpn when skip_ext, sorted; count in *n. */
static uint16_t *sorted_copy(const struct tls_u16s *l, bool skip_ext, uint16_t *n)
{
    uint16_t *v = malloc(((size_t)l->n + 1) * sizeof(uint16_t));

    *n = 0;
    if (v == NULL)
        return NULL;
    for (uint16_t i = 0; i < l->n; i++) {
        if (tls_is_grease(l->v[i]) || (skip_ext && (l->v[i] == 0 || l->v[i] == 16)))
            continue;
        v[(*n)++] = l->v[i];
    }
    if (*n > 1)
        qsort(v, *n, sizeof(uint16_t), cmp_u16);
    return v;
}

static unsigned count_real(const struct tls_u16s *l)
{
    unsigned n = 0;

    for (uint16_t i = 0; i < l->n; i++)
        n += !tls_is_grease(l->v[i]);
    return n > 99 ? 99 : n;
}

static char alnum_or_hex(uint8_t c, bool first)
{
    static const char hex[] = "0123456789abcdef";

    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return (char)c;
    return first ? hex[c >> 4] : hex[c & 15];
}

static void ja4_client(const struct tls_tx *tx, char out[40])
{
    const struct tls_hello *h = &tx->ch;
    uint16_t ver = h->version, n;
    char alpn[3] = "00", hb[13], hc[13];
    struct sbuf b = { 0 };
    uint16_t *v;

    for (uint16_t i = 0, best = 0; i < h->versions.n; i++) {
        if (!tls_is_grease(h->versions.v[i]) && h->versions.v[i] >= best) {
            best = h->versions.v[i];
            ver = best;
        }
    }
    if (h->alpn_len > 0) {
        alpn[0] = alnum_or_hex(h->alpn[0], true);
        alpn[1] = alnum_or_hex(h->alpn[h->alpn_len - 1], false);
    }
    v = sorted_copy(&h->ciphers, false, &n);
    memcpy(hb, "000000000000", 13);
    for (uint16_t i = 0; v != NULL && i < n; i++) {
        if (i > 0)
            sb_add(&b, ",", 1);
        sb_num(&b, v[i], true);
    }
    if (n > 0 && !b.fail)
        sha256_12(b.p, b.len, hb);
    free(v);
    b.len = 0;
    v = sorted_copy(&h->exts, true, &n);
    memcpy(hc, "000000000000", 13);
    for (uint16_t i = 0; v != NULL && i < n; i++) {
        if (i > 0)
            sb_add(&b, ",", 1);
        sb_num(&b, v[i], true);
    }
    if (count_real(&h->sig_algs) > 0) {
        sb_add(&b, "_", 1);
        sb_list(&b, &h->sig_algs, ',', true);
    }
    if (n > 0 && !b.fail)
        sha256_12(b.p, b.len, hc);
    free(v);
    free(b.p);
    snprintf(out, 40, "t%s%c%02u%02u%s_%s_%s", ja4_version(ver),
            (tx->flags & TLS_F_HAS_SNI) != 0 ? 'd' : 'i', count_real(&h->ciphers),
            count_real(&h->exts), alpn, hb, hc);
}

void tls_fp_client(struct tls_tx *tx, bool ja3, bool ja4)
{
    if (ja3) {
        free(tx->ja3);
        tx->ja3 = ja3_client(&tx->ch);
        if (tx->ja3 != NULL)
            md5_hex(tx->ja3, strlen(tx->ja3), tx->ja3_hash);
    }
    if (ja4)
        ja4_client(tx, tx->ja4);
}

void tls_fp_server(struct tls_tx *tx)
{
    const struct tls_hello *h = &tx->sh;
    struct sbuf b = { 0 };

    if (!tls_config.ja3)
        return;
    sb_num(&b, h->version, false);
    sb_add(&b, ",", 1);
    sb_list(&b, &h->ciphers, '-', false);
    sb_add(&b, ",", 1);
    sb_list(&b, &h->exts, '-', false);
    if (b.fail) {
        free(b.p);
        return;
    }
    free(tx->ja3s);
    tx->ja3s = b.p;
    md5_hex(b.p, b.len, tx->ja3s_hash);
}
