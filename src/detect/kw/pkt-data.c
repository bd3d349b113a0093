/*
 * pkt-data.c - the pkt_data keyword: back to the packet payload after a sticky buffer.
 *
 * "http.uri; content:"a"; pkt_data; content:"b";" inspects "b" in the packet payload
 * (the buffer of content without any sticky buffer).
 */
#include "detect/buffer.h"
#include "detect/keyword.h"

static int setup_pkt_data(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    return sig_builder_set_buffer(b, DETECT_BUF_PKT_DATA);
}

const struct keyword kw_pkt_data = {
    .name = "pkt_data", .flags = KW_F_NOVALUE | KW_F_STICKY, .setup = setup_pkt_data
};
