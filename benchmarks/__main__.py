"""`python -m benchmarks` (ou `make bench`) : voir benchmarks/harnais.py."""

import sys

from .harnais import main

sys.exit(main())
