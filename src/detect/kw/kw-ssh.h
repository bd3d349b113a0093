/*
 * kw-ssh.h - SSH rule keywords (kw/ssh-keywords.c): the keyword objects for the registry
 * (keywords.c) and the buffer getters for the buffer registry (buffer.c).
 *
 * Buffers (TX scope, protocol ssh): ssh.proto and ssh.software (the banner fields of the
 * side that sent the packet being inspected: the client's to server, the server's to
 * client), ssh.hassh and ssh.hassh.string (the client's, to server only), ssh.hassh.server
 * and ssh.hassh.server.string (the server's, to client only).
 */
#ifndef VG_DETECT_KW_KW_SSH_H
#define VG_DETECT_KW_KW_SSH_H

#include <stdbool.h>

#include "app/app-proto.h"
#include "decode/decode-types.h"
#include "detect/keyword.h"
#include "util/cursor.h"

struct detect_thread;

extern const struct keyword kw_ssh_proto;
extern const struct keyword kw_ssh_proto_legacy;
extern const struct keyword kw_ssh_software;
extern const struct keyword kw_ssh_software_legacy;
extern const struct keyword kw_ssh_hassh;
extern const struct keyword kw_ssh_hassh_alias;
extern const struct keyword kw_ssh_hassh_string;
extern const struct keyword kw_ssh_hassh_string_alias;
extern const struct keyword kw_ssh_hassh_server;
extern const struct keyword kw_ssh_hassh_server_alias;
extern const struct keyword kw_ssh_hassh_server_string;
extern const struct keyword kw_ssh_hassh_server_string_alias;
extern const struct keyword kw_ssh_protoversion;
extern const struct keyword kw_ssh_softwareversion;

/* Buffer getters (tx is a struct ssh_tx); false when the field is absent. */
bool ssh_buf_proto(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool ssh_buf_software(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool ssh_buf_hassh(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool ssh_buf_hassh_str(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool ssh_buf_hassh_srv(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool ssh_buf_hassh_srv_str(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);

#endif
