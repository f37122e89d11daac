/* Definitions that keep large, unused parts of the static libraries out of the runtime. A
 * static link pulls in a whole object file for each symbol referenced from an object already
 * in; defining the symbol here ends the chain. Each is unreachable in the runtime. */
#define FUSE_USE_VERSION 34
#include <errno.h>
#include <fuse3/fuse_lowlevel.h>
#include <stddef.h>
#include <stdlib.h>

/* libfuse answers a CUSE_INIT request through cuse_lowlevel.o, which needs helper.o, which
 * needs the whole high-level library (fuse.o, its modules, iconv and dlopen): well over
 * 100 KB. The runtime's sessions are FUSE sessions, never CUSE ones, so libfuse never calls
 * this; if it did, the request would be refused. */
void cuse_lowlevel_init(fuse_req_t req, fuse_ino_t node, const void* in) {
    (void)node;
    (void)in;
    fuse_reply_err(req, ENOSYS);
}

/* libsodium's handler of API misuse lives in core.o with sodium_init(), which pulls in every
 * algorithm's CPU-specific variants (over 200 KB). The runtime only verifies (BLAKE2b,
 * Ed25519), which needs no sodium_init(); misuse cannot happen there, and if it did the only
 * safe answer would be to stop. */
void sodium_misuse(void) {
    abort();
}

/* libsodium's random source, which brings ChaCha20 and Salsa20 with it, is referred to by
 * objects the runtime links for BLAKE2b (crypto_generichash_keygen) and by utils.o; the
 * runtime makes no keys and no random bytes. */
void randombytes_buf(void* const buf, const size_t size) {
    (void)buf;
    (void)size;
    abort();
}

/* libstdc++'s default terminate handler prints the demangled type of an exception nobody
 * caught, which links the whole C++ demangler (about 30 KB). The runtime's main catches what
 * it throws; if an exception still escaped, the process would end as before, with abort(). */
void _ZN9__gnu_cxx27__verbose_terminate_handlerEv(void) {
    abort();
}
