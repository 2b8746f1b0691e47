// libcmark, the CommonMark reference parser, from Debian's libcmark-dev.
#include <cmark.h>
