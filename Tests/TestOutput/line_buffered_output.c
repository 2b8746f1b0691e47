// Makes the test runner's standard output line-buffered before any test
// runs. Written to a pipe (as under CI), it is otherwise block-buffered: a
// run stopped from outside (a hang ended by a timeout) then loses its last
// few kilobytes, which are exactly the lines that say which test hung.
#include <stdio.h>

__attribute__((constructor)) static void make_test_output_line_buffered(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
}
