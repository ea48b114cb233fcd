#ifndef DNNPARTITION_CGLPK_SHIM_H
#define DNNPARTITION_CGLPK_SHIM_H
// GLPK's C API (Debian: libglpk-dev, /usr/include/glpk.h). Only the ILP code imports this module.
#include <glpk.h>
#endif
