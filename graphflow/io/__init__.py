"""Saving, loading and exporting graphs: portable files, JSON, DOT, networkx, SVG."""
