#ifndef DNNPARTITION_GLPK_GUARD_H
#define DNNPARTITION_GLPK_GUARD_H
// Runs GLPK calls so that an internal GLPK error (which would call abort())
// returns to the caller instead, and captures GLPK's terminal output.
#include <glpk.h>
#include <stddef.h>

/// What a guarded call left behind: whether GLPK failed internally, and what it printed.
typedef struct {
    /// 1 when GLPK raised an internal error; the problem object is then gone
    /// (glp_free_env freed every GLPK object of this thread): do not touch it again.
    int failed;
    /// GLPK's terminal output during the call (the error text when failed), NUL-terminated, truncated.
    char output[2048];
} dnn_glp_outcome;

/// glp_simplex under the guard. Returns glp_simplex's code, or -1 when GLPK failed.
int dnn_glp_guarded_simplex(glp_prob *problem, const glp_smcp *parm, dnn_glp_outcome *outcome);
/// glp_intopt under the guard. Returns glp_intopt's code, or -1 when GLPK failed.
int dnn_glp_guarded_intopt(glp_prob *problem, const glp_iocp *parm, dnn_glp_outcome *outcome);
/// glp_write_lp under the guard. Returns glp_write_lp's code, or -1 when GLPK failed.
int dnn_glp_guarded_write_lp(glp_prob *problem, const char *path, dnn_glp_outcome *outcome);
/// Raises a GLPK internal error inside the guard (for tests of the guard itself).
int dnn_glp_guarded_raise(dnn_glp_outcome *outcome);

#endif
