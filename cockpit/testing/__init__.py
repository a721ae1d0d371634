"""Stand-ins for hardware, for tests and bench set-ups (never used by ``cockpit run``): the slcan
adapter emulator on a pseudo-terminal, and an X server of its own (Xvfb)."""
