// low may include nothing above it.
#include "codeless/high/b.h"
