"""linviz's version, in a module of its own so that anything may import it without importing the
package's API (and pyproject.toml reads it from here)."""

__version__ = "0.1.0"
