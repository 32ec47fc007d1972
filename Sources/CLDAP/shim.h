/* OpenLDAP's libldap for Swift: the non-deprecated API only (LDAP_DEPRECATED stays 0).
   The helpers below exist because Swift cannot use some of ldap.h's macros: pointer-valued
   ones such as LDAP_SASL_SIMPLE and LDAP_OPT_ON, and options that take a pointer to an int or
   a struct timeval by value. They hold no state. */
#ifndef TOLLBOOK_CLDAP_SHIM_H
#define TOLLBOOK_CLDAP_SHIM_H

#undef LDAP_DEPRECATED
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>
#include <sys/time.h>

/** Sets an integer-valued option (e.g. LDAP_OPT_PROTOCOL_VERSION, LDAP_OPT_X_TLS_REQUIRE_CERT,
    LDAP_OPT_X_TLS_NEWCTX). */
static inline int tollbook_ldap_set_int_option(LDAP *ld, int option, int value) {
    return ldap_set_option(ld, option, &value);
}

/** Sets a timeout option (LDAP_OPT_NETWORK_TIMEOUT, LDAP_OPT_TIMEOUT) in whole seconds. */
static inline int tollbook_ldap_set_timeout_option(LDAP *ld, int option, int seconds) {
    struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };
    return ldap_set_option(ld, option, &tv);
}

/** Turns automatic referral chasing off (AD returns referrals to other domains; we never follow them). */
static inline int tollbook_ldap_disable_referrals(LDAP *ld) {
    return ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
}

/** The connection's diagnostic message (the server's or libldap's text for the last error), or NULL.
    Free with ldap_memfree. */
static inline char *tollbook_ldap_diagnostic_message(LDAP *ld) {
    char *message = NULL;
    if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message) != LDAP_OPT_SUCCESS) return NULL;
    return message;
}

/** The result code of the connection's last operation. */
static inline int tollbook_ldap_result_code(LDAP *ld) {
    int code = LDAP_OTHER;
    if (ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code) != LDAP_OPT_SUCCESS) return LDAP_OTHER;
    return code;
}

/** A simple bind: LDAP_SASL_SIMPLE is a null pointer macro that Swift cannot import. */
static inline int tollbook_ldap_simple_bind(LDAP *ld, const char *dn, const char *password, size_t length) {
    struct berval credentials;
    credentials.bv_val = (char *)password;
    credentials.bv_len = (ber_len_t)length;
    return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
}

/** ldap_search_ext_s with the timeout in whole seconds and no size limit (paging bounds each page). */
static inline int tollbook_ldap_search(LDAP *ld, const char *base, const char *filter, char **attributes,
                                       LDAPControl **serverControls, int seconds, LDAPMessage **result) {
    struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };
    return ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter, attributes, 0, serverControls, NULL,
                             &tv, LDAP_NO_LIMIT, result);
}

#endif
