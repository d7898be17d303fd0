/* Logging to stderr. What may be logged is narrow on purpose: the access
 * log takes only a method, a route pattern (never the concrete path), a
 * status and a duration, so no IP address, query string, form value or
 * token can reach it. Messages passed to log_info/log_error must be
 * constant-ish operational text: never personal data. */
#ifndef SANCTUARY_LOG_H
#define SANCTUARY_LOG_H

void log_access(const char *method, const char *route_pattern, unsigned status,
                double duration_ms);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Turn the access log off (benchmarks) or on. */
void log_set_access(int enabled);
/* Batch access-log lines through a writer thread (the server), and stop
 * it, writing everything pending. */
void log_start_writer(void);
void log_stop_writer(void);

#endif
