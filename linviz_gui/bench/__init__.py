"""Measurements behind ``linviz bench``: the real drag path, two baselines, start-up, export."""
