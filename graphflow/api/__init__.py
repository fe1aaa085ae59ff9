"""TF-shaped sub-namespaces: math, linalg, nn, random, debugging."""
