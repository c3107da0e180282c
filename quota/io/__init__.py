"""Reading what analysts send: files, encodings, grids, headers, cells, the street table."""
