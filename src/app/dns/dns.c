/*
 * dns.c - the DNS entry of the app-layer registry (struct app_parser app_parser_dns).
 *
 * DNS runs over UDP and TCP on port 53; detection probes the first bytes for a sane DNS
 * header (dns-parse.c). Records are logged per direction (a request record, a response
 * record), as Suricata's v3 "dns" records; events are Suricata's dns.* names.
 */
#include "app/dns/dns.h"

#include "util/compiler.h"

static const uint16_t dns_ports[] = { 53 };

const char *const dns_event_names[DNS_EV_MAX] = {
    [DNS_EV_MALFORMED_DATA] = "malformed_data",
    [DNS_EV_NOT_A_REQUEST] = "not_request",
    [DNS_EV_NOT_A_RESPONSE] = "not_response",
    [DNS_EV_Z_FLAG_SET] = "z_flag_set",
    [DNS_EV_FLOODED] = "flooded",
    [DNS_EV_STATE_MEMCAP_REACHED] = "state_memcap_reached",
    [DNS_EV_INVALID_OPCODE] = "invalid_opcode",
    [DNS_EV_NAME_TOO_LONG] = "name_too_long",
    [DNS_EV_INFINITE_LOOP] = "infinite_loop",
    [DNS_EV_TOO_MANY_LABELS] = "too_many_labels",
    [DNS_EV_INVALID_ADDITIONALS] = "invalid_additionals",
    [DNS_EV_INVALID_AUTHORITIES] = "invalid_authorities",
};

/* v2 records are in the flow's orientation (v3 ones in each message's direction). */
static bool dns_log_flow_oriented(void)
{
    return dns_log_config_get()->version == 2;
}

const struct app_parser app_parser_dns = {
    .proto = APP_PROTO_DNS,
    .transports = APP_PROTO_T_TCP | APP_PROTO_T_UDP,
    .ports = dns_ports,
    .n_ports = VG_ARRAY_LEN(dns_ports),
    .probe = dns_probe,
    .init = dns_log_init,
    .state_new = dns_state_new,
    .state_free = dns_state_free,
    .parse = dns_parse,
    .tx_free = dns_tx_free,
    .tx_size = sizeof(struct dns_tx), /* charged to the protocol's memcap */
    .log_tx = dns_log_tx,
    .event_names = dns_event_names,
    .n_event_names = DNS_EV_MAX,
    .eve_type = "dns",
    .log_per_direction = true,
    .probe_ports_only = true,
    .log_flow_oriented = dns_log_flow_oriented,
};
