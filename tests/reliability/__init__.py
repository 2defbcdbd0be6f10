"""The reliability suite: real services under load and injected faults (RELIABILITY=1)."""
