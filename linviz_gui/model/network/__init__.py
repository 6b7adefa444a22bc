"""Small networks of Linear layers and activations: their stages, and the Network tab's options."""
