/*
 * app-proto.c - the table of app-layer protocol names (see app-proto.h).
 *
 * Names and transports follow Suricata 7's rule headers; aliases ("ikev2" for "ike",
 * "ftp-data" and "ftpdata") resolve to the same number. A linear scan: the table is short
 * and only rule loading looks names up.
 */
#include "app/app-proto.h"

#include <stddef.h>
#include <strings.h>

#include "util/compiler.h"

struct app_proto_entry {
    const char *name;
    uint16_t proto;
    unsigned transports;
};

#define TCP     APP_PROTO_T_TCP
#define UDP     APP_PROTO_T_UDP
#define TCP_UDP (APP_PROTO_T_TCP | APP_PROTO_T_UDP)

/* The first entry of each number is its canonical name. */
static const struct app_proto_entry app_protos[] = {
    { "http", APP_PROTO_HTTP, TCP },
    { "http1", APP_PROTO_HTTP1, TCP },
    { "http2", APP_PROTO_HTTP2, TCP },
    { "ftp", APP_PROTO_FTP, TCP },
    { "ftp-data", APP_PROTO_FTPDATA, TCP },
    { "ftpdata", APP_PROTO_FTPDATA, TCP },
    { "smtp", APP_PROTO_SMTP, TCP },
    { "tls", APP_PROTO_TLS, TCP },
    { "ssl", APP_PROTO_TLS, TCP },
    { "ssh", APP_PROTO_SSH, TCP },
    { "imap", APP_PROTO_IMAP, TCP },
    { "pop3", APP_PROTO_POP3, TCP },
    { "smb", APP_PROTO_SMB, TCP },
    { "dcerpc", APP_PROTO_DCERPC, TCP_UDP },
    { "dns", APP_PROTO_DNS, TCP_UDP },
    { "mdns", APP_PROTO_MDNS, UDP },
    { "modbus", APP_PROTO_MODBUS, TCP },
    { "enip", APP_PROTO_ENIP, TCP_UDP },
    { "dnp3", APP_PROTO_DNP3, TCP },
    { "nfs", APP_PROTO_NFS, TCP_UDP },
    { "ntp", APP_PROTO_NTP, UDP },
    { "tftp", APP_PROTO_TFTP, UDP },
    { "ike", APP_PROTO_IKE, UDP },
    { "ikev2", APP_PROTO_IKE, UDP },
    { "krb5", APP_PROTO_KRB5, TCP_UDP },
    { "dhcp", APP_PROTO_DHCP, UDP },
    { "snmp", APP_PROTO_SNMP, UDP },
    { "sip", APP_PROTO_SIP, TCP_UDP },
    { "rfb", APP_PROTO_RFB, TCP },
    { "mqtt", APP_PROTO_MQTT, TCP },
    { "rdp", APP_PROTO_RDP, TCP },
    { "quic", APP_PROTO_QUIC, UDP },
    { "bittorrent-dht", APP_PROTO_BITTORRENT_DHT, UDP },
    { "pgsql", APP_PROTO_PGSQL, TCP },
    { "telnet", APP_PROTO_TELNET, TCP },
    { "websocket", APP_PROTO_WEBSOCKET, TCP },
    { "ldap", APP_PROTO_LDAP, TCP_UDP },
    { "irc", APP_PROTO_IRC, TCP },
    { "doh2", APP_PROTO_DOH2, TCP },
    { "llmnr", APP_PROTO_LLMNR, TCP_UDP },
    { "failed", APP_PROTO_FAILED, TCP_UDP },
};

uint16_t app_proto_by_name(const char *name)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(app_protos); i++) {
        if (strcasecmp(app_protos[i].name, name) == 0)
            return app_protos[i].proto;
    }
    return APP_PROTO_NONE;
}

static const struct app_proto_entry *entry_of(uint16_t proto)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(app_protos); i++) {
        if (app_protos[i].proto == proto)
            return &app_protos[i];
    }
    return NULL;
}

const char *app_proto_name(uint16_t proto)
{
    const struct app_proto_entry *e = entry_of(proto);

    return e != NULL ? e->name : NULL;
}

unsigned app_proto_transports(uint16_t proto)
{
    const struct app_proto_entry *e = entry_of(proto);

    return e != NULL ? e->transports : 0;
}
