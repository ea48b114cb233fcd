// GLPK calls abort() after printing an internal error unless the error hook
// does not return. GLPK's manual (glp_error_hook) prescribes longjmp out of
// the hook and then glp_free_env() to release the environment, which frees
// every problem object of the thread. The jump buffer and the captured text
// are per thread, as GLPK's environment is.
#include "glpk_guard.h"
#include <setjmp.h>
#include <string.h>

static _Thread_local jmp_buf guard_jump;
static _Thread_local dnn_glp_outcome *guard_outcome;

static void guard_error_hook(void *info) {
    (void)info;
    longjmp(guard_jump, 1);
}

static int guard_term_hook(void *info, const char *text) {
    (void)info;
    if (guard_outcome != NULL && text != NULL) {
        size_t used = strlen(guard_outcome->output);
        size_t room = sizeof(guard_outcome->output) - 1 - used;
        strncat(guard_outcome->output, text, room);
    }
    return 1;  // nothing reaches the terminal: stdout stays ours
}

#define GUARDED(outcome, call)                          \
    do {                                                \
        memset((outcome), 0, sizeof(*(outcome)));       \
        guard_outcome = (outcome);                      \
        glp_term_hook(guard_term_hook, NULL);           \
        if (setjmp(guard_jump) != 0) {                  \
            (outcome)->failed = 1;                      \
            guard_outcome = NULL;                       \
            glp_free_env();                             \
            return -1;                                  \
        }                                               \
        glp_error_hook(guard_error_hook, NULL);         \
        int result_ = (call);                           \
        glp_error_hook(NULL, NULL);                     \
        glp_term_hook(NULL, NULL);                      \
        guard_outcome = NULL;                           \
        return result_;                                 \
    } while (0)

int dnn_glp_guarded_simplex(glp_prob *problem, const glp_smcp *parm, dnn_glp_outcome *outcome) {
    GUARDED(outcome, glp_simplex(problem, parm));
}

int dnn_glp_guarded_intopt(glp_prob *problem, const glp_iocp *parm, dnn_glp_outcome *outcome) {
    GUARDED(outcome, glp_intopt(problem, parm));
}

int dnn_glp_guarded_write_lp(glp_prob *problem, const char *path, dnn_glp_outcome *outcome) {
    GUARDED(outcome, glp_write_lp(problem, NULL, path));
}

static int raise_error(void) {
    glp_error("dnnpartition: guard self-test\n");
    return 0;
}

int dnn_glp_guarded_raise(dnn_glp_outcome *outcome) {
    GUARDED(outcome, raise_error());
}
