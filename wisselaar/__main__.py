"""`python -m wisselaar`: the command line of CONTRACT.md section 3."""

import sys

from wisselaar.cli import main

sys.exit(main())
