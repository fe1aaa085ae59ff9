"""`python -m graphflow`: the same as the `graphflow` command."""
import sys

from graphflow.cli.main import main

sys.exit(main())
