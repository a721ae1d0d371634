"""Finding a QML item by its objectName, for tests and screenshots."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QWindow


def find_item(window: QWindow, object_name: str) -> Any:
    """The item or object under ``window`` called ``object_name``, or None.

    Items that are only in the visual tree (a Repeater's delegates) are found only when
    PySide6.QtQuick was imported before the window was made, as tests and screenshots do: the head
    unit leaves it out (8-14 MB), and without it the window's wrapper has no ``contentItem()``.
    """
    found = window.findChild(QObject, object_name)
    if found is not None:
        return found
    content_item = getattr(window, "contentItem", None)
    if content_item is None:
        raise LookupError(
            f"{object_name!r} is not a QObject child of the window, and its visual tree can only be"
            " searched when PySide6.QtQuick is imported before the window is loaded"
        )
    # Delegates of a Repeater are children of the visual tree only, not of the QObject tree.
    stack = [content_item()]
    while stack:
        item = stack.pop()
        if item.objectName() == object_name:
            return item
        stack.extend(item.childItems())
    return None
