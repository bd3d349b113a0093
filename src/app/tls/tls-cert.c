/*
 * tls-cert.c - the fields of an X.509 certificate as Suricata logs and matches them.
 *
 * OpenSSL's d2i_X509 parses the DER. Names are written as Suricata's certificate parser
 * does: RDNs in certificate order joined by ", ", attributes of one RDN by " + ", each
 * "SN=value" with the short names C, ST, L, O, OU, CN, Email, DC (others: OpenSSL's short
 * name, or the dotted OID); values are the attribute's bytes as they are (NUL bytes kept),
 * BMP and universal strings converted to UTF-8. The serial is the DER INTEGER's content
 * bytes in upper-case hex separated by ':'; the fingerprint is the SHA-1 of the DER in
 * lower-case hex separated by ':'; validity dates are UTC seconds; subjectAltName keeps the
 * DNS names. Nothing here verifies a certificate.
 */
#include "app/tls/tls.h"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"

#define NAME_MAX_LEN 8192u

struct nbuf {
    uint8_t *p;
    uint32_t len, cap;
};

static bool nbuf_add(struct nbuf *b, const void *s, size_t n)
{
    if (b->len + n > NAME_MAX_LEN)
        return false;
    if (b->len + n + 1 > b->cap) {
        uint32_t cap = (uint32_t)(b->len + n + 1) * 2;
        uint8_t *np;

        if (cap > NAME_MAX_LEN + 1)
            cap = NAME_MAX_LEN + 1;
        np = realloc(b->p, cap);
        if (np == NULL)
            return false;
        b->p = np;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->p + b->len, s, n);
    b->len += (uint32_t)n;
    b->p[b->len] = 0;
    return true;
}

static const char *attr_name(const ASN1_OBJECT *obj, char *buf, size_t cap)
{
    int nid = OBJ_obj2nid(obj);

    switch (nid) {
    case NID_countryName:
        return "C";
    case NID_stateOrProvinceName:
        return "ST";
    case NID_localityName:
        return "L";
    case NID_organizationName:
        return "O";
    case NID_organizationalUnitName:
        return "OU";
    case NID_commonName:
        return "CN";
    case NID_pkcs9_emailAddress:
        return "Email";
    case NID_domainComponent:
        return "DC";
    default:
        break;
    }
    if (nid != NID_undef && OBJ_nid2sn(nid) != NULL)
        return OBJ_nid2sn(nid);
    if (OBJ_obj2txt(buf, (int)cap, obj, 1) <= 0)
        return "?";
    return buf;
}

static bool add_value(struct nbuf *b, const ASN1_STRING *v)
{
    int type = ASN1_STRING_type(v);

    if (type == V_ASN1_BMPSTRING || type == V_ASN1_UNIVERSALSTRING) {
        unsigned char *u = NULL;
        int n = ASN1_STRING_to_UTF8(&u, v);
        bool ok;

        if (n < 0)
            return false;
        ok = nbuf_add(b, u, (size_t)n);
        OPENSSL_free(u);
        return ok;
    }
    return nbuf_add(b, ASN1_STRING_get0_data(v), (size_t)ASN1_STRING_length(v));
}

static bool name_format(const X509_NAME *name, uint8_t **out, uint32_t *out_len)
{
    struct nbuf b = { 0 };
    int n = X509_NAME_entry_count(name);
    int prev_set = -1;

    if (!nbuf_add(&b, "", 0))
        return false;
    for (int i = 0; i < n; i++) {
        const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
        char oid[80];
        const char *sn = attr_name(X509_NAME_ENTRY_get_object(e), oid, sizeof(oid));
        int set = X509_NAME_ENTRY_set(e);

        if (i > 0 && !nbuf_add(&b, set == prev_set ? " + " : ", ", set == prev_set ? 3 : 2))
            goto out_free;
        prev_set = set;
        if (!nbuf_add(&b, sn, strlen(sn)) || !nbuf_add(&b, "=", 1) ||
                !add_value(&b, X509_NAME_ENTRY_get_data(e)))
            goto out_free;
    }
    *out = b.p;
    *out_len = b.len;
    return true;
out_free:
    free(b.p);
    return false;
}

static char *serial_format(const ASN1_INTEGER *serial)
{
    unsigned char *der = NULL;
    int n = i2d_ASN1_INTEGER(serial, &der);
    const unsigned char *p = der;
    long len = 0;
    int tag = 0, cls = 0;
    char *s;

    if (n <= 0)
        return NULL;
    if ((ASN1_get_object(&p, &len, &tag, &cls, n) & 0x80) != 0 || len <= 0) {
        OPENSSL_free(der);
        return NULL;
    }
    s = malloc((size_t)len * 3);
    if (s != NULL) {
        static const char hex[] = "0123456789ABCDEF";

        for (long i = 0; i < len; i++) {
            s[i * 3] = hex[p[i] >> 4];
            s[i * 3 + 1] = hex[p[i] & 15];
            s[i * 3 + 2] = ':';
        }
        s[len * 3 - 1] = 0;
    }
    OPENSSL_free(der);
    return s;
}

static bool time_get(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
        return false;
    *out = (int64_t)timegm(&tm);
    return true;
}

static void sans_get(X509 *x, struct tls_cert_info *ci)
{
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    int n;

    if (names == NULL)
        return;
    n = sk_GENERAL_NAME_num(names);
    if (n > 0)
        ci->sans = calloc((size_t)n, sizeof(char *));
    for (int i = 0; ci->sans != NULL && i < n; i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
        const ASN1_STRING *s;
        char *v;
        int len;

        if (g->type != GEN_DNS)
            continue;
        s = g->d.dNSName;
        len = ASN1_STRING_length(s);
        v = malloc((size_t)len + 1);
        if (v == NULL)
            break;
        if (len > 0)
            memcpy(v, ASN1_STRING_get0_data(s), (size_t)len);
        v[len] = 0;
        ci->sans[ci->n_sans++] = v;
    }
    GENERAL_NAMES_free(names);
}

int tls_cert_decode(const uint8_t *der, uint32_t len, struct tls_cert_info *out)
{
    const unsigned char *p = der;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    X509 *x;

    tls_cert_info_release(out);
    x = d2i_X509(NULL, &p, (long)len);
    if (x == NULL)
        return VG_EINVAL;
    if (!name_format(X509_get_subject_name(x), &out->subject, &out->subject_len) ||
            !name_format(X509_get_issuer_name(x), &out->issuer, &out->issuer_len)) {
        X509_free(x);
        tls_cert_info_release(out);
        return VG_EINVAL;
    }
    out->serial = serial_format(X509_get0_serialNumber(x));
    if (EVP_Digest(der, len, md, &md_len, EVP_sha1(), NULL) == 1 && md_len == 20) {
        for (unsigned i = 0; i < 20; i++)
            snprintf(out->fingerprint + i * 3, 4, i < 19 ? "%02x:" : "%02x", md[i]);
    }
    if (!time_get(X509_get0_notBefore(x), &out->not_before) ||
            !time_get(X509_get0_notAfter(x), &out->not_after)) {
        out->not_before = 0;
        out->not_after = 0;
    }
    sans_get(x, out);
    X509_free(x);
    out->valid = true;
    return VG_OK;
}

void tls_cert_info_release(struct tls_cert_info *ci)
{
    free(ci->subject);
    free(ci->issuer);
    free(ci->serial);
    for (uint32_t i = 0; i < ci->n_sans; i++)
        free(ci->sans[i]);
    free(ci->sans);
    memset(ci, 0, sizeof(*ci));
}

void tls_time_format(int64_t t, char *buf, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL) {
        snprintf(buf, cap, "1970-01-01T00:00:00");
        return;
    }
    snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
            tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
