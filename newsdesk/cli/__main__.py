"""`python -m newsdesk` runs the command line."""
import sys

from . import main

sys.exit(main())
