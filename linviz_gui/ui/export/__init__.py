"""Getting pictures out: PNG and SVG of any canvas or the whole window, animations as GIF or
PNG frames, the export dialog and the canvases' right-click menu."""
