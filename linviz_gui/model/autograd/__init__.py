"""The autograd view's little language: parse, check shapes, run with torch, lay out the graph."""
