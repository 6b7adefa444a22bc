"""The linear classifier y = sign(w · x + b): its geometry, its training, its options."""
