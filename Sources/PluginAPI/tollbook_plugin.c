/* Compile-time checks that freeze the version 1.0 layout of the ABI on LP64 platforms.
   If one of these fails, a change broke binary compatibility with existing plugins. */
#include "tollbook_plugin.h"

#if defined(__LP64__)
_Static_assert(sizeof(tb_str) == 16, "tb_str layout changed");
_Static_assert(offsetof(tb_record, vendor_record_id) == 24, "tb_record head layout changed");
_Static_assert(offsetof(tb_record, start_us) == 64, "tb_record time layout changed");
_Static_assert(offsetof(tb_record, calling) == 104, "tb_record number layout changed");
_Static_assert(sizeof(tb_record) == 408, "tb_record v1.0 size changed");
_Static_assert(sizeof(tb_reject) == 56, "tb_reject v1.0 size changed");
_Static_assert(sizeof(tb_host) == 48, "tb_host v1.0 size changed");
_Static_assert(sizeof(tb_plugin_descriptor) == 160, "tb_plugin_descriptor v1.0 size changed");
_Static_assert(sizeof(tb_parser_config) == 40, "tb_parser_config v1.0 size changed");
_Static_assert(TB_RECORD_V1_0_SIZE == 408, "TB_RECORD_V1_0_SIZE changed");
_Static_assert(TB_REJECT_V1_0_SIZE == 56, "TB_REJECT_V1_0_SIZE changed");
_Static_assert(TB_HOST_V1_0_SIZE == 48, "TB_HOST_V1_0_SIZE changed");
_Static_assert(TB_DESCRIPTOR_V1_0_SIZE == 160, "TB_DESCRIPTOR_V1_0_SIZE changed");
_Static_assert(TB_PARSER_CONFIG_V1_0_SIZE == 40, "TB_PARSER_CONFIG_V1_0_SIZE changed");
#endif
