// Nothing to call: linking this target into the tests is enough (see
// line_buffered_output.c).
