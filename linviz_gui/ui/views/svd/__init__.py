"""The SVD tab: W = U diag(S) Vᵀ step by step, its overlays, readout and animation."""
