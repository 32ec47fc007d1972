/* OpenSSL's libcrypto (Debian `libssl-dev`): the EVP AES-256-GCM and SHA-256 interfaces the
   store's bulk sealing uses with one reusable context per key (see Sources/Store/FieldCipher.swift). */
#include <openssl/evp.h>
