/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Documented exit statuses (man page, EXIT STATUS). */
#ifndef PFNCLASS_EXITCODES_H
#define PFNCLASS_EXITCODES_H

enum {
	PFN_EXIT_OK = 0,
	PFN_EXIT_FAILURE = 1,  /* I/O error, malformed input file */
	PFN_EXIT_USAGE = 2,    /* bad option or option value */
	PFN_EXIT_PERM = 3,     /* missing privilege: PFNs or addresses would read as 0 */
	PFN_EXIT_NOTFOUND = 4, /* no such process / VM */
	PFN_EXIT_PARTIAL =
		5, /* target changed or exited during the scan; output partial */
	PFN_EXIT_DIFFERENT = 6, /* --compare / diff found differences */
};

#endif
