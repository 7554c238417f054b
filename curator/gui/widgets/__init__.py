"""Small window-wide pieces: About, icons, shortcuts, key repeat, GC, platform check."""
