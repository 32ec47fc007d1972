/* libssh (libssh.org, Debian `libssh-dev`): client, server and SFTP server API. */
#ifndef WITH_SERVER
#define WITH_SERVER 1
#endif
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/sftp.h>

/* ssh_options_set / ssh_bind_options_set take `const void *`: typed wrappers keep Swift honest. */

/** Sets a string option of a client session. */
static inline int tollbook_ssh_set_string(ssh_session session, enum ssh_options_e option, const char *value) {
    return ssh_options_set(session, option, value);
}

/** Sets an unsigned int option (port) of a client session. */
static inline int tollbook_ssh_set_uint(ssh_session session, enum ssh_options_e option, unsigned int value) {
    return ssh_options_set(session, option, &value);
}

/** Sets a long option (timeout in seconds) of a client session. */
static inline int tollbook_ssh_set_long(ssh_session session, enum ssh_options_e option, long value) {
    return ssh_options_set(session, option, &value);
}

/** Sets an int option (booleans such as SSH_OPTIONS_PROCESS_CONFIG) of a client session. */
static inline int tollbook_ssh_set_int(ssh_session session, enum ssh_options_e option, int value) {
    return ssh_options_set(session, option, &value);
}

/** Sets a string option of a listening bind. */
static inline int tollbook_ssh_bind_set_string(ssh_bind bind, enum ssh_bind_options_e option, const char *value) {
    return ssh_bind_options_set(bind, option, value);
}

/** Sets an unsigned int option (port) of a listening bind. */
static inline int tollbook_ssh_bind_set_uint(ssh_bind bind, enum ssh_bind_options_e option, unsigned int value) {
    return ssh_bind_options_set(bind, option, &value);
}

/** The raw bytes of a client message's data (SSH_FXP_WRITE payload, RENAME target), which may hold NULs. */
static inline const void *tollbook_sftp_message_data(sftp_client_message msg, size_t *length) {
    if (msg == NULL || msg->data == NULL) { *length = 0; return NULL; }
    *length = ssh_string_len(msg->data);
    return ssh_string_data(msg->data);
}

/** The offset of an SSH_FXP_WRITE / SSH_FXP_READ message. */
static inline uint64_t tollbook_sftp_message_offset(sftp_client_message msg) { return msg->offset; }

/** The handle string of a message that refers to an open handle. */
static inline ssh_string tollbook_sftp_message_handle(sftp_client_message msg) { return msg->handle; }

/* libssh 0.10 marks the message-based public-key calls deprecated in favour of server callbacks;
   they remain the simplest way to run one blocking session per thread. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

/** The public key offered in an SSH_AUTH_METHOD_PUBLICKEY request (owned by the message). */
static inline ssh_key tollbook_ssh_message_auth_pubkey(ssh_message msg) {
    return ssh_message_auth_pubkey(msg);
}

/** Whether the public-key request is a probe (NONE), carries a valid signature (VALID) or a bad one (WRONG). */
static inline enum ssh_publickey_state_e tollbook_ssh_message_auth_publickey_state(ssh_message msg) {
    return ssh_message_auth_publickey_state(msg);
}

/** The password of an SSH_AUTH_METHOD_PASSWORD request (owned by the message). */
static inline const char *tollbook_ssh_message_auth_password(ssh_message msg) {
    return ssh_message_auth_password(msg);
}

#pragma clang diagnostic pop
