/*
 * mdns.c - the mDNS and LLMNR entries of the app-layer registry: DNS-format protocols.
 *
 * Both reuse the DNS parser (dns-parse.c) with a variant: mDNS (UDP 5353) decides request
 * or response by the QR bit, since both go to the multicast group; LLMNR (UDP and TCP 5355)
 * by direction, as DNS. Records are Suricata's "mdns" and "llmnr" objects, the compact
 * format of dns-log.c (lowercase rrtype, each record's rdata under its type's name).
 */
#include "app/dns/dns.h"

#include "util/compiler.h"

static const uint16_t mdns_ports[] = { 5353 };
static const uint16_t llmnr_ports[] = { 5355 };

static void *mdns_state_new(void)
{
    return dns_state_new_variant(DNS_VARIANT_MDNS);
}

static void *llmnr_state_new(void)
{
    return dns_state_new_variant(DNS_VARIANT_LLMNR);
}

const struct app_parser app_parser_mdns = {
    .proto = APP_PROTO_MDNS,
    .transports = APP_PROTO_T_UDP,
    .ports = mdns_ports,
    .n_ports = VG_ARRAY_LEN(mdns_ports),
    .probe = dns_probe,
    .state_new = mdns_state_new,
    .state_free = dns_state_free,
    .parse = dns_parse,
    .tx_free = dns_tx_free,
    .log_tx = dns_log_tx_mdns,
    .event_names = dns_event_names,
    .n_event_names = DNS_EV_MAX,
    .eve_type = "mdns",
    .log_per_direction = true,
    .probe_ports_only = true,
};

const struct app_parser app_parser_llmnr = {
    .proto = APP_PROTO_LLMNR,
    .transports = APP_PROTO_T_TCP | APP_PROTO_T_UDP,
    .ports = llmnr_ports,
    .n_ports = VG_ARRAY_LEN(llmnr_ports),
    .probe = dns_probe,
    .state_new = llmnr_state_new,
    .state_free = dns_state_free,
    .parse = dns_parse,
    .tx_free = dns_tx_free,
    .log_tx = dns_log_tx_llmnr,
    .event_names = dns_event_names,
    .n_event_names = DNS_EV_MAX,
    .eve_type = "llmnr",
    .log_per_direction = true,
    .probe_ports_only = true,
};
