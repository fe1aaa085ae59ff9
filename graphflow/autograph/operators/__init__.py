"""Runtime operators called by converted code; each picks Python or graph semantics from
the type of its arguments."""
