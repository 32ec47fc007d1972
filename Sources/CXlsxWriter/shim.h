/* libxlsxwriter (Debian `libxlsxwriter-dev`): XLSX workbooks with typed cells for the Documents module. */
#include <xlsxwriter.h>
