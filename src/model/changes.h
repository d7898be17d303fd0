/* A hook the model calls after writing anything public pages show
 * (settings, content translations), so caches above it can drop what
 * they hold without the model knowing about them. */
#ifndef SANCTUARY_CHANGES_H
#define SANCTUARY_CHANGES_H

extern void (*public_data_changed)(void);

static inline void model_public_changed(void)
{
	if (public_data_changed)
		public_data_changed();
}

#endif
