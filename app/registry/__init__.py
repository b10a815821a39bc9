"""The post office's registry of points: reading CSV/XLSX files and validating them row by row.

Pure reading and checking; app.services.imports writes what passes."""
