/* libharu (Debian `libhpdf-dev`): PDF writing for the Documents module. */
#include <hpdf.h>
