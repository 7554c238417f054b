"""Record files on disk: reading them safely, parsing their front matter (both loaders), writing minimal changes atomically, and the crash-recovery journal."""
