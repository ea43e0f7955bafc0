/*
 * serve.h - the prefork master behind "groundwork serve".
 */
#ifndef GW_SERVE_H
#define GW_SERVE_H

/* Run the master until SIGTERM/SIGINT; returns the exit status.
 * config_path is re-read on SIGHUP (may be NULL). */
int serve_main(const char *config_path);

#endif
