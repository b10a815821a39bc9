"""The staff page that imports the registry: upload, preview every change and error, confirm."""
