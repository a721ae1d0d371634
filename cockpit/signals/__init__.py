"""The VSS-named signal model: what a signal is, how good it is, and the store that holds them.

No Qt and no CAN here: the decoder writes, the HMI and the rules read.
"""

from cockpit.signals.quality import Quality
from cockpit.signals.store import SignalReading, SignalSpec, SignalStore

__all__ = ["Quality", "SignalReading", "SignalSpec", "SignalStore"]
