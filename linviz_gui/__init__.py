"""linviz: see what PyTorch does to space."""

__version__ = "0.1.0"
