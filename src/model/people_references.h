/* Moving what features keep about a person when two records merge. */
#ifndef SANCTUARY_PEOPLE_REFERENCES_H
#define SANCTUARY_PEOPLE_REFERENCES_H

/* Registers the move with person_merge (once, at start-up). */
void people_references_register(void);

#endif
