/*
 * tls.c - the TLS parser's registry entry: probe, configuration, event names.
 *
 * Probe: a record header with a known content type (20..24) and major version 3, or an
 * SSLv2 CLIENT-HELLO / SERVER-HELLO (2-byte header with the high bit, message type 1 or 4
 * and a known version), in either direction; a ClientHello seen toward the client (or a
 * ServerHello toward the server) answers APP_PROBE_YES_REV. Port 443 is the fallback.
 *
 * Configuration: app-layer.protocols.tls.ja3-fingerprints / ja4-fingerprints (on unless
 * "no"), app-layer.protocols.tls.handshake-memcap (bytes of one handshake message kept per
 * direction, default 256 KiB), and from the first eve-log output's tls type:
 * session-resumption, extended and custom (field names as Suricata's).
 */
#include "app/tls/tls.h"

#include <string.h>

#include "util/compiler.h"
#include "util/err.h"
#include "util/log.h"

struct tls_config tls_config = {
    .ja3 = true,
    .ja4 = true,
    .hs_max = 256u * 1024,
    .log_resumed = false,
    .log_fields = TLS_LOG_EXTENDED,
};

static const char *const tls_event_names[TLS_EV_MAX + 3] = {
    [TLS_EV_INVALID_SSLV2_HEADER] = "invalid_sslv2_header",
    [TLS_EV_INVALID_TLS_HEADER] = "invalid_tls_header",
    [TLS_EV_INVALID_RECORD_VERSION] = "invalid_record_version",
    [TLS_EV_INVALID_RECORD_TYPE] = "invalid_record_type",
    [TLS_EV_INVALID_RECORD_LENGTH] = "invalid_record_length",
    [TLS_EV_INVALID_HANDSHAKE_MESSAGE] = "invalid_handshake_message",
    [TLS_EV_HEARTBEAT_MESSAGE] = "heartbeat_message",
    [TLS_EV_INVALID_HEARTBEAT_MESSAGE] = "invalid_heartbeat_message",
    [TLS_EV_OVERFLOW_HEARTBEAT_MESSAGE] = "overflow_heartbeat_message",
    [TLS_EV_DATALEAK_HEARTBEAT_MISMATCH] = "dataleak_heartbeat_mismatch",
    [TLS_EV_HANDSHAKE_INVALID_LENGTH] = "handshake_invalid_length",
    [TLS_EV_MULTIPLE_SNI_EXTENSIONS] = "multiple_sni_extensions",
    [TLS_EV_INVALID_SNI_TYPE] = "invalid_sni_type",
    [TLS_EV_INVALID_SNI_LENGTH] = "invalid_sni_length",
    [TLS_EV_TOO_MANY_RECORDS_IN_PACKET] = "too_many_records_in_packet",
    [TLS_EV_INVALID_ALERT_MESSAGE] = "invalid_alert_message",
    [TLS_EV_INVALID_CERTIFICATE] = "invalid_certificate",
    [TLS_EV_CERTIFICATE_INVALID_LENGTH] = "certificate_invalid_length",
    [TLS_EV_CERTIFICATE_INVALID_VERSION] = "certificate_invalid_version",
    [TLS_EV_CERTIFICATE_INVALID_SERIAL] = "certificate_invalid_serial",
    [TLS_EV_CERTIFICATE_INVALID_ALGORITHMIDENTIFIER] = "certificate_invalid_algorithmidentifier",
    [TLS_EV_CERTIFICATE_INVALID_X509NAME] = "certificate_invalid_x509name",
    [TLS_EV_CERTIFICATE_INVALID_DATE] = "certificate_invalid_date",
    [TLS_EV_CERTIFICATE_INVALID_EXTENSIONS] = "certificate_invalid_extensions",
    [TLS_EV_CERTIFICATE_INVALID_DER] = "certificate_invalid_der",
    [TLS_EV_CERTIFICATE_INVALID_SUBJECT] = "certificate_invalid_subject",
    [TLS_EV_CERTIFICATE_INVALID_ISSUER] = "certificate_invalid_issuer",
    [TLS_EV_CERTIFICATE_INVALID_VALIDITY] = "certificate_invalid_validity",
    [TLS_EV_ERROR_MESSAGE_ENCOUNTERED] = "error_message_encountered",
    [TLS_EV_INVALID_SSL_RECORD] = "invalid_ssl_record",
    /* older names still used by rules; never raised */
    [TLS_EV_MAX] = "certificate_missing_element",
    [TLS_EV_MAX + 1] = "certificate_unknown_element",
    [TLS_EV_MAX + 2] = "certificate_invalid_string",
};

static const uint16_t tls_ports[] = { 443 };

static enum app_probe_result tls_probe(const uint8_t *data, size_t len, int dir)
{
    int hs_type = -1;

    if (len < 3)
        return APP_PROBE_MORE;
    if (data[0] >= 20 && data[0] <= 24) {
        if (data[1] != 3 || data[2] > 4)
            return APP_PROBE_NO;
        if (data[0] == 22) {
            if (len < 6)
                return APP_PROBE_MORE;
            hs_type = data[5];
        }
    } else if ((data[0] & 0x80) != 0) {
        if (len < 5)
            return APP_PROBE_MORE;
        if (data[2] == 1 && (data[3] == 0 || data[3] == 3) && data[4] <= 4)
            hs_type = 1;
        else if (data[2] == 4 && len >= 7 && (data[5] == 0 || data[5] == 3))
            hs_type = 2;
        else if (data[2] == 4 && len < 7)
            return APP_PROBE_MORE;
        else
            return APP_PROBE_NO;
    } else {
        return APP_PROBE_NO;
    }
    if ((hs_type == 1 && dir == APP_DIR_TOCLIENT) || (hs_type == 2 && dir == APP_DIR_TOSERVER))
        return APP_PROBE_YES_REV;
    return APP_PROBE_YES;
}

struct field_name {
    const char *name;
    uint32_t bit;
};

static const struct field_name tls_fields[] = {
    { "subject", TLS_LOG_SUBJECT },
    { "issuer", TLS_LOG_ISSUER },
    { "session_resumed", TLS_LOG_SESSION_RESUMED },
    { "serial", TLS_LOG_SERIAL },
    { "fingerprint", TLS_LOG_FINGERPRINT },
    { "sni", TLS_LOG_SNI },
    { "version", TLS_LOG_VERSION },
    { "not_before", TLS_LOG_NOTBEFORE },
    { "not_after", TLS_LOG_NOTAFTER },
    { "subjectaltname", TLS_LOG_SAN },
    { "ja3", TLS_LOG_JA3 },
    { "ja3s", TLS_LOG_JA3S },
    { "ja4", TLS_LOG_JA4 },
    { "client_alpns", TLS_LOG_CLIENT_ALPNS },
    { "server_alpns", TLS_LOG_SERVER_ALPNS },
    { "client_handshake", TLS_LOG_CLIENT_HANDSHAKE },
    { "server_handshake", TLS_LOG_SERVER_HANDSHAKE },
};

/* The options of the tls type of an eve-log output (n: the "tls" map). */
static void read_output(const struct conf *c, const struct conf_node *n)
{
    const struct conf_node *custom = conf_get(c, n, "custom");
    bool b;

    if (conf_get_bool(c, n, "session-resumption", &b) == 1)
        tls_config.log_resumed = b;
    if (conf_get_bool(c, n, "extended", &b) == 1 && !b)
        tls_config.log_fields = TLS_LOG_SUBJECT | TLS_LOG_ISSUER | TLS_LOG_SESSION_RESUMED;
    if (custom == NULL || custom->kind != CONF_SEQ)
        return;
    tls_config.log_fields = 0;
    for (const struct conf_node *i = custom->child; i != NULL; i = i->next) {
        for (size_t k = 0; i->value != NULL && k < VG_ARRAY_LEN(tls_fields); k++) {
            if (strcmp(i->value, tls_fields[k].name) == 0)
                tls_config.log_fields |= tls_fields[k].bit;
        }
    }
}

/* Finds outputs[].eve-log.types[].tls. */
static void read_outputs(const struct conf *c)
{
    const struct conf_node *outs = conf_get(c, NULL, "outputs");

    if (outs == NULL || outs->kind != CONF_SEQ)
        return;
    for (const struct conf_node *o = outs->child; o != NULL; o = o->next) {
        const struct conf_node *types = conf_get(c, o, "eve-log.types");

        if (types == NULL || types->kind != CONF_SEQ)
            continue;
        for (const struct conf_node *t = types->child; t != NULL; t = t->next) {
            const struct conf_node *tls = conf_get(c, t, "tls");

            if (tls != NULL && tls->kind == CONF_MAP) {
                read_output(c, tls);
                return;
            }
        }
    }
}

static int tls_init(const struct conf *c)
{
    const char *s;
    uint64_t size;
    bool b;

    tls_config.ja3 = true;
    tls_config.ja4 = true;
    tls_config.hs_max = 256u * 1024;
    tls_config.log_resumed = false;
    tls_config.log_fields = TLS_LOG_EXTENDED;
    if (c == NULL)
        return VG_OK;
    s = conf_get_str(c, NULL, "app-layer.protocols.tls.ja3-fingerprints");
    if (s != NULL && conf_parse_bool(s, &b))
        tls_config.ja3 = b;
    s = conf_get_str(c, NULL, "app-layer.protocols.tls.ja4-fingerprints");
    if (s != NULL && conf_parse_bool(s, &b))
        tls_config.ja4 = b;
    if (conf_get_size(c, NULL, "app-layer.protocols.tls.handshake-memcap", &size) == 1) {
        if (size < 1024 || size > (64u << 20)) {
            log_error(LOG_APP, "app-layer.protocols.tls.handshake-memcap: out of range");
            return VG_EINVAL;
        }
        tls_config.hs_max = (uint32_t)size;
    }
    read_outputs(c);
    return VG_OK;
}

const struct app_parser app_parser_tls = {
    .proto = APP_PROTO_TLS,
    .transports = APP_PROTO_T_TCP,
    .ports = tls_ports,
    .n_ports = VG_ARRAY_LEN(tls_ports),
    .probe = tls_probe,
    .init = tls_init,
    .state_new = tls_state_new,
    .state_free = tls_state_free,
    .parse = tls_parse,
    .tx_free = tls_tx_free,
    .tx_size = sizeof(struct tls_tx), /* charged to the protocol's memcap */
    .log_tx = tls_log_tx,
    .event_names = tls_event_names,
    .n_event_names = VG_ARRAY_LEN(tls_event_names),
    .eve_type = "tls",
    .log_per_direction = false,
};
