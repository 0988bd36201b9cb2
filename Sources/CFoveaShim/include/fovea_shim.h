#ifndef FOVEA_SHIM_H
#define FOVEA_SHIM_H
/* C side of Fovea's codecs: every libpng/libjpeg call that can longjmp or exit() is made from here,
   behind setjmp, and reports failure through a return code and a message buffer. */

/** The libpng version string Fovea was built against. */
const char *fovea_libpng_version(void);
/** The libjpeg API version (for example 62 or 80). */
int fovea_libjpeg_version(void);

#endif
