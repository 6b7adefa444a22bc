"""The Network tab: a small net stage by stage, its layer editor, gallery and animation."""
