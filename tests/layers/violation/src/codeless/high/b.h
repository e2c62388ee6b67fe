#include "codeless/low/a.h"
