/* N_() marks a message id in C code, as gettext's noop
 * marker does: it compiles to the string itself, and tools/msgids.py
 * collects every marked id to check that each catalog has it. */
#ifndef SANCTUARY_MSGID_H
#define SANCTUARY_MSGID_H

#define N_(id) (id)

#endif
