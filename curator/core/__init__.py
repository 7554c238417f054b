"""The Qt-free core: record files, YAML I/O, schema, validation, fixes, folder index."""
