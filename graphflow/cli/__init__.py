"""The `graphflow` command: dump, viz, code, passes, run."""
