"""The Training tab: train a small net and watch its regions, energies and layers."""
