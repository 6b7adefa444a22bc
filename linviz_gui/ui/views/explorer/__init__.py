"""The Explorer: W stretching a point cloud, its matrix editor and dataset panel."""
