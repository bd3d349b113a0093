/*
 * app-registry.c - the registered app-layer protocols, one line each (see app-registry.h).
 *
 * Order matters twice: detection takes the first entry whose probe says yes, and
 * app_parser_get() returns the first entry of a protocol, so full parsers come before the
 * detection-only entries.
 */
#include "app/app-registry.h"

#include <stddef.h>

const struct app_parser *const app_registry[] = {
    /* ---- protocol parsers: add one line per protocol here, e.g. &app_parser_dns, ---- */
    &app_parser_tls,
    &app_parser_dns,
    &app_parser_mdns,
    &app_parser_llmnr,
    &app_parser_ssh,
    &app_parser_http,

    /* ---- detection-only entries (app-probes.c); remove a protocol's line when it gets a
     * parser above ---- */
    &app_detect_ftp,
    &app_detect_smtp,
    &app_detect_imap,
    &app_detect_pop3,
    &app_detect_smb,
    &app_detect_dcerpc,
    &app_detect_dcerpc_udp,
    &app_detect_rdp,
    &app_detect_krb5,
    &app_detect_krb5_udp,
    &app_detect_nfs,
    &app_detect_nfs_udp,
    &app_detect_http2,
    &app_detect_rfb,
    &app_detect_mqtt,
    &app_detect_dnp3,
    &app_detect_pgsql,
    &app_detect_sip,
    &app_detect_snmp,
    &app_detect_dhcp,
    &app_detect_tftp,
    &app_detect_bittorrent_dht,
    NULL,
};
