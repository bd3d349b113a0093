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
extern const struct keyword kw_requires;
/* --- core buffers (rparse: kw/pkt-data.c) --- */
extern const struct keyword kw_pkt_data;
/* --- header, flow and threshold keywords (hdrflow: kw/ip.c tcp.c icmp.c events.c flow.c
 * stream-size.c flowbits.c flowint.c xbits.c threshold.c; declared in kw/kw-hdrflow.h) --- */
#include "detect/kw/kw-hdrflow.h"
/* --- engine (dengine: sig-group.c) --- */
extern const struct keyword kw_prefilter;
/* --- file keywords (files: kw/file-keywords.c; declared in kw/kw-file.h) --- */
#include "detect/kw/kw-file.h"
/* --- ssh keywords (ssh: kw/ssh-keywords.c; declared in kw/kw-ssh.h) --- */
#include "detect/kw/kw-ssh.h"
/* --- dns keywords (dns: kw/dns-keywords.c; declared in kw/kw-dns.h) --- */
#include "detect/kw/kw-dns.h"
/* --- tls keywords (tls: kw/tls-keywords.c; declared in kw/kw-tls.h) --- */
#include "detect/kw/kw-tls.h"
/* --- http keywords (http: kw/http-keywords.c; declared in kw/kw-http.h) --- */
#include "detect/kw/kw-http.h"
/* --- absent (tx: kw/absent-keywords.c; declared in detect/buffer.h) --- */
#include "detect/buffer.h"
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
    &kw_requires,
    /* --- core buffers (rparse: kw/pkt-data.c) --- */
    &kw_pkt_data,
    /* --- absent (tx: kw/absent-keywords.c) --- */
    &kw_absent,
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
    &kw_subslice,
    &kw_domain,
    &kw_tld,
    &kw_gunzip,
    &kw_zlib_deflate,
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
    /* --- more packet keywords (kw2: kw/tcp-keywords.c vlan.c flow-counters.c hdr-buffers.c
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
    &kw_sctp_chunk_cnt,
    &kw_sctp_vtag,
    &kw_sctp_chunk_data,
    &kw_ether_hdr,
    /* --- engine (dengine) --- */
    &kw_prefilter,
    /* --- file keywords (files: kw/file-keywords.c) --- */
    &kw_file_data,
    &kw_file_data_legacy,
    &kw_file_name,
    &kw_file_magic,
    &kw_filename,
    &kw_fileext,
    &kw_filemagic,
    &kw_filesize,
    &kw_filestore,
    &kw_filemd5,
    &kw_filesha1,
    &kw_filesha256,
    /* --- ssh keywords (ssh: kw/ssh-keywords.c) --- */
    &kw_ssh_proto,
    &kw_ssh_proto_legacy,
    &kw_ssh_software,
    &kw_ssh_software_legacy,
    &kw_ssh_hassh,
    &kw_ssh_hassh_alias,
    &kw_ssh_hassh_string,
    &kw_ssh_hassh_string_alias,
    &kw_ssh_hassh_server,
    &kw_ssh_hassh_server_alias,
    &kw_ssh_hassh_server_string,
    &kw_ssh_hassh_server_string_alias,
    &kw_ssh_protoversion,
    &kw_ssh_softwareversion,
    /* --- dns keywords (dns: kw/dns-keywords.c) --- */
    &kw_dns_query,
    &kw_dns_query_legacy,
    &kw_dns_queries_rrname,
    &kw_dns_query_name,
    &kw_dns_answers_rrname,
    &kw_dns_answer_name,
    &kw_dns_authorities_rrname,
    &kw_dns_additionals_rrname,
    &kw_dns_response_rrname,
    &kw_mdns_queries_rrname,
    &kw_mdns_answers_rrname,
    &kw_mdns_authorities_rrname,
    &kw_mdns_additionals_rrname,
    &kw_mdns_response_rrname,
    &kw_llmnr_queries_rrname,
    &kw_llmnr_answers_rrname,
    &kw_llmnr_authorities_rrname,
    &kw_llmnr_additionals_rrname,
    &kw_llmnr_response_rrname,
    &kw_dns_opcode,
    &kw_dns_rcode,
    &kw_dns_rrtype,
    /* --- tls keywords (tls: kw/tls-keywords.c) --- */
    &kw_tls_sni,
    &kw_tls_sni_legacy,
    &kw_tls_cert_subject,
    &kw_tls_cert_subject_legacy,
    &kw_tls_cert_issuer,
    &kw_tls_cert_issuer_legacy,
    &kw_tls_cert_serial,
    &kw_tls_cert_serial_legacy,
    &kw_tls_cert_fingerprint,
    &kw_tls_cert_fp_legacy,
    &kw_tls_certs,
    &kw_tls_subjectaltname,
    &kw_ja3_hash,
    &kw_ja3_hash_legacy,
    &kw_ja3_string,
    &kw_ja3_string_legacy,
    &kw_ja3s_hash,
    &kw_ja3s_hash_legacy,
    &kw_ja3s_string,
    &kw_ja3s_string_legacy,
    &kw_ja4_hash,
    &kw_tls_subject,
    &kw_tls_issuerdn,
    &kw_tls_fingerprint,
    &kw_tls_version,
    &kw_ssl_version,
    &kw_ssl_state,
    &kw_tls_cert_notbefore,
    &kw_tls_cert_notafter,
    &kw_tls_cert_expired,
    &kw_tls_cert_valid,
    &kw_tls_cert_chain_len,
    &kw_tls_store,
    /* --- http keywords (http: kw/http-keywords.c) --- */
    &kw_http_uri,
    &kw_http_uri_raw,
    &kw_http_method,
    &kw_http_request_line,
    &kw_http_protocol,
    &kw_http_header,
    &kw_http_header_raw,
    &kw_http_header_names,
    &kw_http_cookie,
    &kw_http_user_agent,
    &kw_http_host,
    &kw_http_host_raw,
    &kw_http_accept,
    &kw_http_accept_enc,
    &kw_http_accept_lang,
    &kw_http_referer,
    &kw_http_connection,
    &kw_http_content_type,
    &kw_http_content_len,
    &kw_http_start,
    &kw_http_request_body,
    &kw_http_response_body,
    &kw_http_stat_code,
    &kw_http_stat_msg,
    &kw_http_response_line,
    &kw_http_server,
    &kw_http_location,
    &kw_http_request_header,
    &kw_http_response_header,
    &kw_http_request_line_alias,
    &kw_http_response_line_alias,
    &kw_http_protocol_alias,
    &kw_http_start_alias,
    &kw_http_header_names_alias,
    &kw_http_uri_mod,
    &kw_http_raw_uri_mod,
    &kw_http_header_mod,
    &kw_http_raw_header_mod,
    &kw_http_cookie_mod,
    &kw_http_method_mod,
    &kw_http_user_agent_mod,
    &kw_http_host_mod,
    &kw_http_raw_host_mod,
    &kw_http_client_body_mod,
    &kw_http_server_body_mod,
    &kw_http_stat_code_mod,
    &kw_http_stat_msg_mod,
    &kw_http_accept_alias,
    &kw_http_accept_enc_alias,
    &kw_http_accept_lang_alias,
    &kw_http_referer_alias,
    &kw_http_connection_alias,
    &kw_http_content_type_alias,
    &kw_http_content_len_alias,
    &kw_http_server_alias,
    &kw_http_location_alias,
    &kw_uricontent,
    &kw_urilen,
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
    UNSUPPORTED("ftpbounce"),
    UNSUPPORTED("ftpdata_command"),
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
