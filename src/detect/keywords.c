/*
 * keywords.c - the keyword registry: every rule keyword Vigie knows, by name.
 *
 * Two const tables. keyword_table lists the implemented keywords, one line each (a pointer
 * to the const struct keyword defined in the keyword's own file), grouped in sections per
 * helper/concept. unsupported lists, by name only, keywords that rules use (every keyword
 * of ET Open and of Suricata's own event rules) but that are not written yet: a rule using
 * one fails with "keyword 'x' not supported yet" rather than "unknown rule keyword", so the
 * load report says what is missing.
 *
 * To add a keyword: define `const struct keyword kw_<name>` in src/detect/kw/<concept>.c
 * (or the app layer's file), add one `extern` line and one `&kw_<name>,` line in a section
 * of your own below (a comment line naming the helper and file opens it), and delete its
 * UNSUPPORTED line (keyword_lookup prefers keyword_table anyway; test_rule_parse prints a
 * note for names left in both).
 *
 * Lookup is a linear scan with a first-character filter: about 200 names, and a rule load
 * of ET Open does about 250k lookups (a few ms).
 */
#include "detect/keyword.h"

#include <string.h>

#include "util/compiler.h"

/* clang-format off */

/* --- meta keywords (rparse: kw/meta.c) --- */
extern const struct keyword kw_msg;
extern const struct keyword kw_sid;
extern const struct keyword kw_rev;
extern const struct keyword kw_gid;
extern const struct keyword kw_classtype;
extern const struct keyword kw_priority;
extern const struct keyword kw_reference;
extern const struct keyword kw_metadata;
extern const struct keyword kw_target;
extern const struct keyword kw_noalert;
extern const struct keyword kw_tag;
/* --- core buffers (rparse: kw/pkt-data.c) --- */
extern const struct keyword kw_pkt_data;
/* --- header, flow and threshold keywords (hdrflow: kw/ip.c tcp.c icmp.c events.c flow.c
 * stream-size.c flowbits.c flowint.c xbits.c threshold.c; declared in kw/kw-hdrflow.h) --- */
#include "detect/kw/kw-hdrflow.h"
/* --- engine (dengine: sig-group.c) --- */
extern const struct keyword kw_prefilter;
/* --- add the extern lines of new sections above this line --- */

/* --- payload keywords and transforms (payload: kw/content.c pcre.c byte-*.c isdataat.c
 * bsize.c dsize.c base64.c transforms.c; declared in kw/kw-payload.h) --- */
#include "detect/kw/kw-payload.h"

static const struct keyword *const keyword_table[] = {
    /* --- meta keywords (rparse: kw/meta.c) --- */
    &kw_msg,
    &kw_sid,
    &kw_rev,
    &kw_gid,
    &kw_classtype,
    &kw_priority,
    &kw_reference,
    &kw_metadata,
    &kw_target,
    &kw_noalert,
    &kw_tag,
    /* --- core buffers (rparse: kw/pkt-data.c) --- */
    &kw_pkt_data,
    /* --- payload keywords and transforms (payload) --- */
    &kw_content,
    &kw_nocase,
    &kw_depth,
    &kw_offset,
    &kw_distance,
    &kw_within,
    &kw_startswith,
    &kw_endswith,
    &kw_fast_pattern,
    &kw_rawbytes,
    &kw_pcre,
    &kw_byte_test,
    &kw_byte_jump,
    &kw_byte_extract,
    &kw_byte_math,
    &kw_isdataat,
    &kw_bsize,
    &kw_dsize,
    &kw_base64_decode,
    &kw_base64_data,
    &kw_to_lowercase,
    &kw_to_uppercase,
    &kw_strip_whitespace,
    &kw_compress_whitespace,
    &kw_dotprefix,
    &kw_url_decode,
    &kw_xor,
    &kw_to_md5,
    &kw_to_sha1,
    &kw_to_sha256,
    &kw_header_lowercase,
    &kw_strip_pseudo_headers,
    &kw_pcrexform,
    &kw_from_base64,
    /* --- header, flow and threshold keywords (hdrflow) --- */
    &kw_ttl,
    &kw_tos,
    &kw_ipopts,
    &kw_sameip,
    &kw_ip_proto,
    &kw_id,
    &kw_fragbits,
    &kw_fragoffset,
    &kw_flags,
    &kw_seq,
    &kw_ack,
    &kw_window,
    &kw_tcp_mss,
    &kw_itype,
    &kw_icode,
    &kw_icmp_id,
    &kw_icmp_seq,
    &kw_decode_event,
    &kw_stream_event,
    &kw_app_layer_event,
    &kw_app_layer_protocol,
    &kw_flow,
    &kw_flowbits,
    &kw_flowint,
    &kw_stream_size,
    &kw_xbits,
    &kw_hostbits,
    &kw_threshold,
    &kw_detection_filter,
    &kw_ipv4_hdr,
    &kw_ipv6_hdr,
    &kw_tcp_hdr,
    &kw_udp_hdr,
    &kw_ipv4_csum,
    &kw_tcpv4_csum,
    &kw_tcpv6_csum,
    &kw_udpv4_csum,
    &kw_udpv6_csum,
    &kw_icmpv4_csum,
    &kw_icmpv6_csum,
    &kw_igmp_csum,
    /* --- more packet keywords (kw2: kw/tcp.c vlan.c flow-counters.c hdr-buffers.c
     * icmp.c igmp.c sctp.c) --- */
    &kw_tcp_flags,
    &kw_vlan_id,
    &kw_vlan_layers,
    &kw_flow_pkts,
    &kw_flow_bytes,
    &kw_flow_pkts_toserver,
    &kw_flow_pkts_toclient,
    &kw_flow_bytes_toserver,
    &kw_flow_bytes_toclient,
    &kw_icmpv4_hdr,
    &kw_icmpv6_hdr,
    &kw_igmp_hdr,
    &kw_sctp_hdr,
    &kw_icmpv6_mtu,
    &kw_igmp_type,
    &kw_sctp_chunk_type,
    /* --- engine (dengine) --- */
    &kw_prefilter,
    /* --- add new sections above this line --- */
};

/* clang-format on */

#define UNSUPPORTED(n)                                                                             \
    {                                                                                              \
        .name = (n), .flags = KW_F_UNSUPPORTED                                                     \
    }

/* Known, not implemented yet (sorted). Delete a line when its keyword lands above. */
static const struct keyword unsupported[] = {
    UNSUPPORTED("asn1"),
    UNSUPPORTED("dce_iface"),
    UNSUPPORTED("dce_opnum"),
    UNSUPPORTED("dce_stub_data"),
    UNSUPPORTED("dns.query"),
    UNSUPPORTED("dns_query"),
    UNSUPPORTED("file.data"),
    UNSUPPORTED("file_data"),
    UNSUPPORTED("fileext"),
    UNSUPPORTED("filemagic"),
    UNSUPPORTED("filemd5"),
    UNSUPPORTED("filename"),
    UNSUPPORTED("filesha1"),
    UNSUPPORTED("filesha256"),
    UNSUPPORTED("filesize"),
    UNSUPPORTED("filestore"),
    UNSUPPORTED("ftpbounce"),
    UNSUPPORTED("ftpdata_command"),
    UNSUPPORTED("http.accept"),
    UNSUPPORTED("http.accept_enc"),
    UNSUPPORTED("http.accept_lang"),
    UNSUPPORTED("http.connection"),
    UNSUPPORTED("http.content_len"),
    UNSUPPORTED("http.content_type"),
    UNSUPPORTED("http.cookie"),
    UNSUPPORTED("http.header"),
    UNSUPPORTED("http.header.raw"),
    UNSUPPORTED("http.header_names"),
    UNSUPPORTED("http.host"),
    UNSUPPORTED("http.host.raw"),
    UNSUPPORTED("http.location"),
    UNSUPPORTED("http.method"),
    UNSUPPORTED("http.protocol"),
    UNSUPPORTED("http.referer"),
    UNSUPPORTED("http.request_body"),
    UNSUPPORTED("http.request_header"),
    UNSUPPORTED("http.request_line"),
    UNSUPPORTED("http.response_body"),
    UNSUPPORTED("http.response_header"),
    UNSUPPORTED("http.response_line"),
    UNSUPPORTED("http.server"),
    UNSUPPORTED("http.start"),
    UNSUPPORTED("http.stat_code"),
    UNSUPPORTED("http.stat_msg"),
    UNSUPPORTED("http.uri"),
    UNSUPPORTED("http.uri.raw"),
    UNSUPPORTED("http.user_agent"),
    UNSUPPORTED("http_client_body"),
    UNSUPPORTED("http_content_type"),
    UNSUPPORTED("http_cookie"),
    UNSUPPORTED("http_header"),
    UNSUPPORTED("http_header_names"),
    UNSUPPORTED("http_host"),
    UNSUPPORTED("http_method"),
    UNSUPPORTED("http_protocol"),
    UNSUPPORTED("http_raw_header"),
    UNSUPPORTED("http_raw_host"),
    UNSUPPORTED("http_raw_uri"),
    UNSUPPORTED("http_referer"),
    UNSUPPORTED("http_server_body"),
    UNSUPPORTED("http_stat_code"),
    UNSUPPORTED("http_stat_msg"),
    UNSUPPORTED("http_uri"),
    UNSUPPORTED("http_user_agent"),
    UNSUPPORTED("ja3.hash"),
    UNSUPPORTED("ja3.string"),
    UNSUPPORTED("ja3_hash"),
    UNSUPPORTED("ja3s.hash"),
    UNSUPPORTED("ja3s.string"),
    UNSUPPORTED("ssh.proto"),
    UNSUPPORTED("ssh.software"),
    UNSUPPORTED("ssh_proto"),
    UNSUPPORTED("ssl_state"),
    UNSUPPORTED("ssl_version"),
    UNSUPPORTED("tls.cert_fingerprint"),
    UNSUPPORTED("tls.cert_issuer"),
    UNSUPPORTED("tls.cert_serial"),
    UNSUPPORTED("tls.cert_subject"),
    UNSUPPORTED("tls.certs"),
    UNSUPPORTED("tls.fingerprint"),
    UNSUPPORTED("tls.sni"),
    UNSUPPORTED("tls.version"),
    UNSUPPORTED("tls_cert_issuer"),
    UNSUPPORTED("tls_cert_subject"),
    UNSUPPORTED("tls_sni"),
    UNSUPPORTED("uricontent"),
    UNSUPPORTED("urilen"),
};

const struct keyword *keyword_lookup(const char *name)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(keyword_table); i++) {
        const struct keyword *kw = keyword_table[i];

        if (kw->name[0] == name[0] && strcmp(kw->name, name) == 0)
            return kw;
    }
    for (size_t i = 0; i < VG_ARRAY_LEN(unsupported); i++) {
        if (unsupported[i].name[0] == name[0] && strcmp(unsupported[i].name, name) == 0)
            return &unsupported[i];
    }
    return NULL;
}

size_t keyword_registry_count(void)
{
    return VG_ARRAY_LEN(keyword_table);
}

const struct keyword *keyword_registry_at(size_t i)
{
    return i < VG_ARRAY_LEN(keyword_table) ? keyword_table[i] : NULL;
}

size_t keyword_unsupported_count(void)
{
    return VG_ARRAY_LEN(unsupported);
}

const struct keyword *keyword_unsupported_at(size_t i)
{
    return i < VG_ARRAY_LEN(unsupported) ? &unsupported[i] : NULL;
}
