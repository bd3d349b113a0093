/*
 * app-proto.h - application-layer protocol numbers and names.
 *
 * The table of names ("http", "dns", "tls", ...) with a stable number (1..N, 0 = none) and
 * the transports each protocol runs over, so a rule "alert dns ..." is known to apply to both
 * UDP and TCP. The app layer (app-layer.h) stores these numbers in flow->app_proto and its
 * parser registry is indexed by them; names are what EVE writes as app_proto. Lookups are
 * case-insensitive, as Suricata's.
 */
#ifndef VG_APP_APP_PROTO_H
#define VG_APP_APP_PROTO_H

#include <stdint.h>

/* Transports (bit mask). */
enum {
    APP_PROTO_T_TCP = 1u << 0,
    APP_PROTO_T_UDP = 1u << 1,
};

enum {
    APP_PROTO_NONE = 0,
    APP_PROTO_HTTP = 1, /* "http": HTTP/1 or HTTP/2 */
    APP_PROTO_HTTP1,
    APP_PROTO_HTTP2,
    APP_PROTO_FTP,
    APP_PROTO_FTPDATA,
    APP_PROTO_SMTP,
    APP_PROTO_TLS,
    APP_PROTO_SSH,
    APP_PROTO_IMAP,
    APP_PROTO_POP3,
    APP_PROTO_SMB,
    APP_PROTO_DCERPC,
    APP_PROTO_DNS,
    APP_PROTO_MDNS,
    APP_PROTO_MODBUS,
    APP_PROTO_ENIP,
    APP_PROTO_DNP3,
    APP_PROTO_NFS,
    APP_PROTO_NTP,
    APP_PROTO_TFTP,
    APP_PROTO_IKE,
    APP_PROTO_KRB5,
    APP_PROTO_DHCP,
    APP_PROTO_SNMP,
    APP_PROTO_SIP,
    APP_PROTO_RFB,
    APP_PROTO_MQTT,
    APP_PROTO_RDP,
    APP_PROTO_QUIC,
    APP_PROTO_BITTORRENT_DHT,
    APP_PROTO_PGSQL,
    APP_PROTO_TELNET,
    APP_PROTO_WEBSOCKET,
    APP_PROTO_LDAP,
    APP_PROTO_IRC,
    APP_PROTO_DOH2,
    APP_PROTO_LLMNR,  /* "llmnr": link-local multicast name resolution (app/dns) */
    APP_PROTO_FAILED, /* "failed": detection gave up (app-layer-protocol:failed) */
    APP_PROTO_MAX,
};

/* Number of a protocol name (case-insensitive, aliases accepted), or APP_PROTO_NONE. */
uint16_t app_proto_by_name(const char *name);
/* Canonical name of a number, or NULL if out of range. */
const char *app_proto_name(uint16_t proto);
/* APP_PROTO_T_* mask of transports the protocol runs over (0 for NONE/unknown). */
unsigned app_proto_transports(uint16_t proto);

#endif
