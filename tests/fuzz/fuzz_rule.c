/*
 * fuzz_rule.c - libFuzzer target: rules text through the rule parser and loader.
 *
 * Input: the text of a rules file (continuation lines, comments, any bytes). It is loaded
 * with detect_engine_load_string() against a small classification table, so classtype,
 * duplicate-sid and every keyword's setup path run; then each loaded signature is checked
 * for the invariants the engine relies on (sid > 0, num == index, buffers non-empty,
 * priority set). Errors are expected and only logged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect.h"
#include "detect/engine-int.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct detect_engine *de)
{
    for (uint32_t i = 0; i < detect_engine_sig_count(de); i++) {
        const struct sig *s = detect_engine_sig(de, i);

        if (s->sid == 0 || s->num != i || s->priority <= 0 || s->file == NULL)
            __builtin_trap();
        for (uint8_t b = 0; b < s->n_bufs; b++) {
            if (s->bufs[b].list.n == 0)
                __builtin_trap();
        }
        if (s->msg != NULL && strlen(s->msg) > 1u << 20)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct detect_engine *de = NULL;
    struct detect_load_stats st;
    char *text;

    if (!ready) {
        log_set_level(LOG_LEVEL_ERROR);
        ready = 1;
    }
    if (size > 1 << 20)
        return 0;
    text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (detect_engine_load_string(&de, text, "fuzz.rules", NULL, NULL, &st) == 0) {
        if (st.rules_loaded != detect_engine_sig_count(de))
            __builtin_trap();
        check(de);
        detect_engine_free(de);
    }
    free(text);
    return 0;
}
