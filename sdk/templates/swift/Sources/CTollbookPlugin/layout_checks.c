/* Compile-time checks that the header this plugin is built against has the version 1.0 layout
   on LP64 platforms. They cost nothing at run time and catch a wrongly edited header copy. */
#include "tollbook_plugin.h"

#if defined(__LP64__)
_Static_assert(sizeof(tb_record) >= 408, "tb_record is smaller than version 1.0");
_Static_assert(sizeof(tb_reject) >= 56, "tb_reject is smaller than version 1.0");
_Static_assert(sizeof(tb_plugin_descriptor) >= 160, "tb_plugin_descriptor is smaller than version 1.0");
_Static_assert(TB_HOST_V1_0_SIZE == 48 && TB_PARSER_CONFIG_V1_0_SIZE == 40 && TB_REJECT_V1_0_SIZE == 56 &&
               TB_RECORD_V1_0_SIZE == 408 && TB_DESCRIPTOR_V1_0_SIZE == 160, "the version 1.0 sizes changed");
#endif
