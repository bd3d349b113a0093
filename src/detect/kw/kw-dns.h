/*
 * kw-dns.h - DNS keywords and buffer getters (kw/dns-keywords.c), for the keyword registry
 * (detect/keywords.c) and the buffer registry (detect/buffer.c).
 */
#ifndef VG_DETECT_KW_KW_DNS_H
#define VG_DETECT_KW_KW_DNS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app-proto.h"
#include "decode/decode-types.h"
#include "detect/keyword.h"
#include "util/cursor.h"

struct detect_thread;

/* Multi-buffer getters (detect_buffer.get_multi): the idx-th name of the transaction. */
bool dns_buffer_query(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool dns_buffer_queries_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool dns_buffer_answers_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool dns_buffer_authorities_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool dns_buffer_additionals_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool dns_buffer_response_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);

extern const struct keyword kw_dns_query;
extern const struct keyword kw_dns_query_legacy;
extern const struct keyword kw_dns_queries_rrname;
extern const struct keyword kw_dns_query_name;
extern const struct keyword kw_dns_answers_rrname;
extern const struct keyword kw_dns_answer_name;
extern const struct keyword kw_dns_authorities_rrname;
extern const struct keyword kw_dns_additionals_rrname;
extern const struct keyword kw_dns_response_rrname;
extern const struct keyword kw_mdns_queries_rrname;
extern const struct keyword kw_mdns_answers_rrname;
extern const struct keyword kw_mdns_authorities_rrname;
extern const struct keyword kw_mdns_additionals_rrname;
extern const struct keyword kw_mdns_response_rrname;
extern const struct keyword kw_llmnr_queries_rrname;
extern const struct keyword kw_llmnr_answers_rrname;
extern const struct keyword kw_llmnr_authorities_rrname;
extern const struct keyword kw_llmnr_additionals_rrname;
extern const struct keyword kw_llmnr_response_rrname;
extern const struct keyword kw_dns_opcode;
extern const struct keyword kw_dns_rcode;
extern const struct keyword kw_dns_rrtype;

#endif
