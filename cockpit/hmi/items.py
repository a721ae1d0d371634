"""Finding a QML item by its objectName, for tests and screenshots."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickWindow


def find_item(window: QQuickWindow, object_name: str) -> Any:
    """The item or object under ``window`` called ``object_name``, or None."""
    found = window.findChild(QObject, object_name)
    if found is not None:
        return found
    # Delegates of a Repeater are children of the visual tree only, not of the QObject tree.
    stack = [window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == object_name:
            return item
        stack.extend(item.childItems())
    return None
