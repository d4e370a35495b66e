"""The embedded one-process mode."""
