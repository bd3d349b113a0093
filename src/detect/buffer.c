/*
 * buffer.c - the registry of inspectable buffers (see buffer.h).
 *
 * One const table; a buffer's id is its index. pkt_data (0) and stream (1) are fixed; app
 * layers append their buffers (http.uri, dns.query, ...) in a section of their own below,
 * one line each, plus aliases (Suricata's legacy names such as "http_uri" for sticky use)
 * in buffer_aliases. The stream buffer has no getter here: the stream engine supplies the
 * reassembled bytes to the inspector directly.
 */
#include "detect/buffer.h"

#include <stddef.h>
#include <string.h>

#include "detect/keyword.h"
#include "detect/sig.h"

#include "detect/kw/kw-dns.h"
#include "detect/kw/kw-file.h"
#include "detect/kw/kw-hdrflow.h"
#include "detect/kw/kw-http.h"
#include "detect/kw/kw-ssh.h"
#include "detect/kw/kw-tls.h"
#include "util/compiler.h"

static bool get_pkt_data(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    if (p->payload == NULL || p->payload_len == 0)
        return false;
    out->p = p->payload;
    out->len = p->payload_len;
    return true;
}

static const struct detect_buffer buffers[] = {
    /* --- core (rparse) --- */
    [DETECT_BUF_PKT_DATA] = { "pkt_data", DETECT_SCOPE_PACKET, 0, 3, get_pkt_data, NULL },
    [DETECT_BUF_STREAM] = { "stream", DETECT_SCOPE_STREAM, 0, 3, NULL, NULL },
    /* --- packet header buffers (hdrflow: kw/hdr-buffers.c) --- */
    { "ipv4.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_ipv4, NULL },
    { "ipv6.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_ipv6, NULL },
    { "tcp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_tcp, NULL },
    { "udp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_udp, NULL },
    /* --- more header buffers (kw2: kw/hdr-buffers.c) --- */
    { "icmpv4.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_icmpv4, NULL },
    { "icmpv6.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_icmpv6, NULL },
    { "igmp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_igmp, NULL },
    { "sctp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_sctp, NULL },
    { "sctp.chunk_data", DETECT_SCOPE_PACKET, 0, 3, sctp_buffer_chunk_data, NULL },
    { "ether.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_ether, NULL },
    /* --- app-layer buffers: append below, one line each --- */
    /* --- http (kw/http-keywords.c) --- */
    { "http.uri", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_uri, NULL },
    { "http.uri.raw", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_uri_raw, NULL },
    { "http.method", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_method, NULL },
    { "http.request_line", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_request_line, NULL },
    { "http.protocol", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_protocol, NULL },
    { "http.header", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_header, NULL },
    { "http.header.raw", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_header_raw, NULL },
    { "http.header_names", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_header_names, NULL },
    { "http.cookie", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_cookie, NULL },
    { "http.user_agent", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_user_agent, NULL },
    { "http.host", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_host, NULL },
    { "http.host.raw", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_host_raw, NULL },
    { "http.accept", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_accept, NULL },
    { "http.accept_enc", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_accept_enc, NULL },
    { "http.accept_lang", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_accept_lang, NULL },
    { "http.referer", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_referer, NULL },
    { "http.connection", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_connection, NULL },
    { "http.content_type", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_content_type, NULL },
    { "http.content_len", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_content_len, NULL },
    { "http.start", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, http_buf_start, NULL },
    { "http.request_body", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, http_buf_request_body, NULL },
    { "http.response_body", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, http_buf_response_body, NULL },
    { "http.stat_code", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, http_buf_stat_code, NULL },
    { "http.stat_msg", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, http_buf_stat_msg, NULL },
    { "http.response_line", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, http_buf_response_line, NULL },
    { "http.server", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, http_buf_server, NULL },
    { "http.location", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, http_buf_location, NULL },
    { "http.request_header", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 1, NULL, http_buf_request_header },
    { "http.response_header", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 2, NULL, http_buf_response_header },
    /* --- dns (kw/dns-keywords.c): multi-buffers, one instance per name --- */
    { "dns.query", DETECT_SCOPE_TX, APP_PROTO_DNS, 1, NULL, dns_buffer_query },
    { "dns.queries.rrname", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL, dns_buffer_queries_rrname },
    { "dns.query.name", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL, dns_buffer_queries_rrname },
    { "dns.answers.rrname", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL, dns_buffer_answers_rrname },
    { "dns.answer.name", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL, dns_buffer_answers_rrname },
    { "dns.authorities.rrname", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL,
            dns_buffer_authorities_rrname },
    { "dns.additionals.rrname", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL,
            dns_buffer_additionals_rrname },
    { "dns.response.rrname", DETECT_SCOPE_TX, APP_PROTO_DNS, 3, NULL, dns_buffer_response_rrname },
    { "mdns.queries.rrname", DETECT_SCOPE_TX, APP_PROTO_MDNS, 3, NULL, dns_buffer_queries_rrname },
    { "mdns.answers.rrname", DETECT_SCOPE_TX, APP_PROTO_MDNS, 3, NULL, dns_buffer_answers_rrname },
    { "mdns.authorities.rrname", DETECT_SCOPE_TX, APP_PROTO_MDNS, 3, NULL,
            dns_buffer_authorities_rrname },
    { "mdns.additionals.rrname", DETECT_SCOPE_TX, APP_PROTO_MDNS, 3, NULL,
            dns_buffer_additionals_rrname },
    { "mdns.response.rrname", DETECT_SCOPE_TX, APP_PROTO_MDNS, 3, NULL,
            dns_buffer_response_rrname },
    { "llmnr.queries.rrname", DETECT_SCOPE_TX, APP_PROTO_LLMNR, 3, NULL,
            dns_buffer_queries_rrname },
    { "llmnr.answers.rrname", DETECT_SCOPE_TX, APP_PROTO_LLMNR, 3, NULL,
            dns_buffer_answers_rrname },
    { "llmnr.authorities.rrname", DETECT_SCOPE_TX, APP_PROTO_LLMNR, 3, NULL,
            dns_buffer_authorities_rrname },
    { "llmnr.additionals.rrname", DETECT_SCOPE_TX, APP_PROTO_LLMNR, 3, NULL,
            dns_buffer_additionals_rrname },
    { "llmnr.response.rrname", DETECT_SCOPE_TX, APP_PROTO_LLMNR, 3, NULL,
            dns_buffer_response_rrname },
    /* --- ssh (kw/ssh-keywords.c) --- */
    { "ssh.proto", DETECT_SCOPE_TX, APP_PROTO_SSH, 3, ssh_buf_proto, NULL },
    { "ssh.software", DETECT_SCOPE_TX, APP_PROTO_SSH, 3, ssh_buf_software, NULL },
    { "ssh.hassh", DETECT_SCOPE_TX, APP_PROTO_SSH, 1, ssh_buf_hassh, NULL },
    { "ssh.hassh.string", DETECT_SCOPE_TX, APP_PROTO_SSH, 1, ssh_buf_hassh_str, NULL },
    { "ssh.hassh.server", DETECT_SCOPE_TX, APP_PROTO_SSH, 2, ssh_buf_hassh_srv, NULL },
    { "ssh.hassh.server.string", DETECT_SCOPE_TX, APP_PROTO_SSH, 2, ssh_buf_hassh_srv_str, NULL },
    /* --- tls (kw/tls-keywords.c) --- */
    { "tls.sni", DETECT_SCOPE_TX, APP_PROTO_TLS, 1, tls_buf_sni, NULL },
    { "tls.cert_subject", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, tls_buf_subject, NULL },
    { "tls.cert_issuer", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, tls_buf_issuer, NULL },
    { "tls.cert_serial", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, tls_buf_serial, NULL },
    { "tls.cert_fingerprint", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, tls_buf_fingerprint, NULL },
    { "tls.certs", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, NULL, tls_buf_certs },
    { "tls.subjectaltname", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, NULL, tls_buf_san },
    { "ja3.hash", DETECT_SCOPE_TX, APP_PROTO_TLS, 1, tls_buf_ja3_hash, NULL },
    { "ja3.string", DETECT_SCOPE_TX, APP_PROTO_TLS, 1, tls_buf_ja3_string, NULL },
    { "ja3s.hash", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, tls_buf_ja3s_hash, NULL },
    { "ja3s.string", DETECT_SCOPE_TX, APP_PROTO_TLS, 2, tls_buf_ja3s_string, NULL },
    { "ja4.hash", DETECT_SCOPE_TX, APP_PROTO_TLS, 1, tls_buf_ja4_hash, NULL },
    /* --- files (files: kw/file-keywords.c) --- */
    { "file.data", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, NULL, file_buf_data },
    { "file.name", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, NULL, file_buf_name },
    { "file.magic", DETECT_SCOPE_TX, APP_PROTO_HTTP1, 3, NULL, file_buf_magic },
};

struct buffer_alias {
    const char *alias;
    const char *name;
};

/* Other names of the buffers above. */
static const struct buffer_alias buffer_aliases[] = {
    { "payload", "pkt_data" },
    { "http_uri", "http.uri" },
    { "http_raw_uri", "http.uri.raw" },
    { "http_method", "http.method" },
    { "http_header", "http.header" },
    { "http_raw_header", "http.header.raw" },
    { "http_cookie", "http.cookie" },
    { "http_user_agent", "http.user_agent" },
    { "http_host", "http.host" },
    { "http_raw_host", "http.host.raw" },
    { "http_client_body", "http.request_body" },
    { "http_server_body", "http.response_body" },
    { "http_stat_code", "http.stat_code" },
    { "http_stat_msg", "http.stat_msg" },
    { "http_request_line", "http.request_line" },
    { "http_response_line", "http.response_line" },
    { "http_protocol", "http.protocol" },
    { "http_start", "http.start" },
    { "http_header_names", "http.header_names" },
    { "dns_query", "dns.query" },
    { "ssh_proto", "ssh.proto" },
    { "ssh_software", "ssh.software" },
    { "tls_sni", "tls.sni" },
    { "tls_cert_subject", "tls.cert_subject" },
    { "tls_cert_issuer", "tls.cert_issuer" },
    { "tls_cert_serial", "tls.cert_serial" },
    { "tls_cert_fingerprint", "tls.cert_fingerprint" },
    { "ja3_hash", "ja3.hash" },
    { "ja3_string", "ja3.string" },
    { "ja3s_hash", "ja3s.hash" },
    { "ja3s_string", "ja3s.string" },
    { "file_data", "file.data" },
};

int detect_buffer_lookup(const char *name)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(buffers); i++) {
        if (buffers[i].name != NULL && strcmp(buffers[i].name, name) == 0)
            return (int)i;
    }
    for (size_t i = 0; i < VG_ARRAY_LEN(buffer_aliases); i++) {
        if (strcmp(buffer_aliases[i].alias, name) == 0)
            return detect_buffer_lookup(buffer_aliases[i].name);
    }
    return -1;
}

const struct detect_buffer *detect_buffer_get(int id)
{
    return &buffers[id];
}

int detect_buffer_count(void)
{
    return (int)VG_ARRAY_LEN(buffers);
}

uint8_t detect_list_dirs(const struct sig *s, const struct sig_buffer *sb)
{
    uint8_t d = buffers[sb->buffer_id].dirs;

    if (sb->dir != 0)
        return sb->dir;
    if ((s->flags & SIG_F_TXBOTHDIR) && d == 3)
        return 1;
    return d;
}

unsigned detect_sig_tx_need(const struct sig *s)
{
    unsigned need = 0;

    if (s->flags & SIG_F_TXBOTHDIR)
        return 3;
    for (uint8_t b = 0; b < s->n_bufs; b++) {
        uint8_t d;

        if (buffers[s->bufs[b].buffer_id].scope != DETECT_SCOPE_TX)
            continue;
        d = detect_list_dirs(s, &s->bufs[b]);
        if (d != 3)
            need |= d;
    }
    for (uint16_t i = 0; i < s->tx.n; i++) /* tx conditions on one side (tls.subject) */
        need |= s->tx.m[i].kw->tx_dirs & 3u;
    return need;
}
