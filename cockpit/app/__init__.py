"""The composition wing: one ``HeadUnit`` that builds, starts and stops the cockpit's parts in one
order (buses and simulator -> decoder -> store -> discovery -> handoff -> screen), for ``run``,
``demo`` and ``screenshot`` alike, and headless for ``gateway`` and the tests. No Qt here: the Qt
layer (``cockpit.hmi``) adds its screen as the last part.
"""

from cockpit.app.build import add_demo_household, configured_head_unit, demo_head_unit, fast_forward_head_unit
from cockpit.app.headunit import PART_ORDER, HeadUnit, Part
from cockpit.app.vehicle import BusFeed

__all__ = [
    "PART_ORDER",
    "BusFeed",
    "HeadUnit",
    "Part",
    "add_demo_household",
    "configured_head_unit",
    "demo_head_unit",
    "fast_forward_head_unit",
]
