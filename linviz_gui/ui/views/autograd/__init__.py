"""The Autograd tab: a small program, its graph, forward and backward."""
