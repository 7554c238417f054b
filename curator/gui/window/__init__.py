"""The main window and the parts it is composed of: layout, actions, keys, listing a folder, showing and saving records, quitting, disk changes."""
