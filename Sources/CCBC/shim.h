// COIN-OR CBC's C interface (Debian: coinor-libcbc-dev). Only the MILP backend imports it.
#include <coin/Cbc_C_Interface.h>
