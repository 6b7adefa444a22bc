"""Qt-free drawing maths: rasterising point clouds, colour maps and view fitting (numpy only)."""
