"""Linear maps of the plane and what they are made of: W, Y = X @ W.T, SVD, eigenvectors, paths."""
