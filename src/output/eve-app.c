/*
 * eve-app.c - placeholder: app-layer transaction records are being written (helper
 * "app-core"). Only marks transactions as logged.
 */
#include "output/eve-app.h"

#include <stddef.h>

#include "app/app-layer.h"

void eve_app_log(struct eve_thread *t, struct flow *f, const struct packet *p, uint64_t ts_usec,
        bool flow_end)
{
    (void)t;
    (void)p;
    (void)ts_usec;
    for (struct app_tx *tx = app_tx_first(f); tx != NULL; tx = tx->next) {
        if (flow_end || tx->complete == 3)
            tx->logged = 3;
    }
}
