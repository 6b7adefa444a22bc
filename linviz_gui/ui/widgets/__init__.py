"""Widgets no view owns: plane canvases, point cloud, handles, arrows, grids, fields, colours."""
