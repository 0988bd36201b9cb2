/* How every C file of the shim hands a failure back to Swift (private to the shim, not part of fovea_shim.h): the
   caller passes a `message` buffer of `capacity` bytes (either may be NULL/0), the text goes there truncated and
   NUL-terminated, and the function returns a FOVEA_STATUS_* code. */
#ifndef FOVEA_SHIM_MESSAGE_H
#define FOVEA_SHIM_MESSAGE_H

#include <stddef.h>
#include <stdio.h>

/** Copies `text` into the caller's message buffer (truncated, NUL-terminated; nothing when there is no buffer). */
static inline void copy_message(char *message, size_t capacity, const char *text) {
    if (message != NULL && capacity > 0) snprintf(message, capacity, "%s", text);
}

/** Copies `text` into the caller's message buffer and returns `status`: `return fail(FOVEA_STATUS_..., ...)`. */
static inline int fail(int status, char *message, size_t capacity, const char *text) {
    copy_message(message, capacity, text);
    return status;
}

#endif
