/*
 * app-registry.h - the table of registered app-layer protocols (app-registry.c).
 *
 * Each protocol is one const struct app_parser, defined in its own file and declared here;
 * app-registry.c lists them, one line each. Full parsers come first, then the
 * detection-only entries (parse == NULL, app-probes.c): they only set flow->app_proto for
 * protocols nobody parses yet. When a protocol gets a parser, its detection-only line goes.
 */
#ifndef VG_APP_APP_REGISTRY_H
#define VG_APP_APP_REGISTRY_H

#include "app/app-layer.h"

/* Protocol parsers: one extern per protocol helper, e.g.
 * extern const struct app_parser app_parser_dns; */
extern const struct app_parser app_parser_tls;
extern const struct app_parser app_parser_dns;
extern const struct app_parser app_parser_mdns;
extern const struct app_parser app_parser_llmnr;
extern const struct app_parser app_parser_ssh;
extern const struct app_parser app_parser_http;

/* Detection-only entries (app-probes.c). */
extern const struct app_parser app_detect_ftp;
extern const struct app_parser app_detect_smtp;
extern const struct app_parser app_detect_imap;
extern const struct app_parser app_detect_pop3;
extern const struct app_parser app_detect_smb;
extern const struct app_parser app_detect_dcerpc;
extern const struct app_parser app_detect_dcerpc_udp;
extern const struct app_parser app_detect_rdp;
extern const struct app_parser app_detect_krb5;
extern const struct app_parser app_detect_krb5_udp;
extern const struct app_parser app_detect_nfs;
extern const struct app_parser app_detect_nfs_udp;
extern const struct app_parser app_detect_http2;
extern const struct app_parser app_detect_rfb;
extern const struct app_parser app_detect_mqtt;
extern const struct app_parser app_detect_dnp3;
extern const struct app_parser app_detect_pgsql;
extern const struct app_parser app_detect_sip;
extern const struct app_parser app_detect_snmp;
extern const struct app_parser app_detect_dhcp;
extern const struct app_parser app_detect_tftp;
extern const struct app_parser app_detect_bittorrent_dht;

/* The registry, in detection order (first YES wins), NULL-terminated. */
extern const struct app_parser *const app_registry[];

#endif
