/* Reserved, zero-filled ELF sections that AppImage tools read and mkappimage fills in. */
#define SQUASHRUN_RESERVED(name, section_name, size) \
    __attribute__((section(section_name), used, retain, aligned(1))) const char name[size] = {0}

SQUASHRUN_RESERVED(squashrun_update_information, ".upd_info", 1024);
SQUASHRUN_RESERVED(squashrun_signature, ".sha256_sig", 1024);
SQUASHRUN_RESERVED(squashrun_signing_key, ".sig_key", 8192);
/* squashrun's signed header (core/sign/header.hpp); zero: not signed. */
SQUASHRUN_RESERVED(squashrun_signed_header, ".squashrun_sig", 1024);
