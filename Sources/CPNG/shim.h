// libpng, the PNG reference library, from Debian's libpng-dev. Chapter 13's
// example uses its simplified API (png_image_*), which reports errors in
// its return value instead of through setjmp/longjmp, which Swift cannot use.
#include <png.h>
