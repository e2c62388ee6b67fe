#include "codeless/high/b.h"
