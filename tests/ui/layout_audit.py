"""Walks a QML scene and reports text that a driver could not read: too small, cut off, outside the
screen, overlapping other text, or a control's label elided or wrapped (a button that reads
"Send to / phone" is a slip, even when every word is on screen).

Geometry is judged on each text's "ink" box (from its baseline, not its line box): the CJK font's
line box has generous leading, and two lines whose leading touches are not overlapping text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem, QQuickWindow

MIN_PIXEL_SIZE = 20  # issue 3: no text under 20 px at 1920x720
CAP_ABOVE_BASELINE = 0.80  # of the pixel size: capitals, digits and CJK ideographs
BELOW_BASELINE = 0.22  # descenders
TOLERANCE = 1.0  # px of rounding


@dataclass
class PlacedText:
    """A visible text item, where its ink is on screen, and what it says."""

    item: QQuickItem
    text: str
    ink: QRectF
    name: str

    def __str__(self) -> str:
        r = self.ink
        return f"{self.name} {self.text!r} at ({r.x():.0f},{r.y():.0f} {r.width():.0f}x{r.height():.0f})"


def _describe(item: QQuickItem) -> str:
    names = []
    node: QQuickItem | None = item
    while node is not None and len(names) < 3:
        if node.objectName():
            names.append(node.objectName())
        node = node.parentItem()
    return "/".join(reversed(names)) or item.metaObject().className()


def _ink_rect(item: QQuickItem) -> QRectF:
    # QQuickText.boundingRect() is the laid-out text (alignment included), not the item's box.
    laid_out = item.boundingRect()
    line_count = max(1, int(item.property("lineCount")))
    pixel_size = item.property("font").pixelSize()
    baseline = float(item.property("baselineOffset"))
    line = laid_out.height() / line_count
    ink_top = baseline - CAP_ABOVE_BASELINE * pixel_size
    ink_bottom = baseline + (line_count - 1) * line + BELOW_BASELINE * pixel_size
    return item.mapRectToScene(QRectF(laid_out.x(), ink_top, laid_out.width(), ink_bottom - ink_top))


def _inside(inner: QRectF, outer: QRectF) -> bool:
    return (
        inner.left() >= outer.left() - TOLERANCE
        and inner.top() >= outer.top() - TOLERANCE
        and inner.right() <= outer.right() + TOLERANCE
        and inner.bottom() <= outer.bottom() + TOLERANCE
    )


def _scroll_viewport(item: QQuickItem) -> QQuickItem | None:
    node = item.parentItem()
    while node is not None:
        if node.inherits("QQuickFlickable"):
            return node
        node = node.parentItem()
    return None


def _clip_ancestors(item: QQuickItem) -> list[QQuickItem]:
    out = []
    node = item.parentItem()
    while node is not None:
        if node.clip():
            out.append(node)
        node = node.parentItem()
    return out


CONTROL_DEPTH = 3  # a label sits at most this many levels under its control's MouseArea parent


def _texts_under(item: QQuickItem) -> int:
    count, stack = 0, [item]
    while stack:
        node = stack.pop()
        for child in node.childItems():
            if not child.isVisible():
                continue
            if child.inherits("QQuickText") and str(child.property("text") or "").strip():
                count += 1
            stack.append(child)
    return count


def control_of(item: QQuickItem) -> QQuickItem | None:
    """The tappable control whose label ``item`` is: the nearest ancestor (within CONTROL_DEPTH) that
    has a MouseArea child and holds at most two visible texts (a label, and a note such as the
    lockout's reason). A list row with a name, a model and an age is not a control in this sense;
    a button, a chip or a segment is."""
    node = item.parentItem()
    for _ in range(CONTROL_DEPTH):
        if node is None:
            return None
        if any(child.inherits("QQuickMouseArea") for child in node.childItems()):
            return node if _texts_under(node) <= 2 else None
        node = node.parentItem()
    return None


def _excluded(item: QQuickItem, excluded_names: set[str]) -> bool:
    node: QQuickItem | None = item
    while node is not None:
        if node.objectName() in excluded_names:
            return True
        node = node.parentItem()
    return False


def visible_texts(window: QQuickWindow, excluded_names: set[str] = frozenset()) -> list[PlacedText]:
    """Every visible, non-empty Text item, with its ink box in scene coordinates.

    Text in a scrolling list counts only when the list shows all of it (scrolling text partly out
    of view is what a list is for).
    """
    found: list[PlacedText] = []

    def walk(item: QQuickItem) -> None:
        for child in item.childItems():
            if not child.isVisible() or child.opacity() == 0 or _excluded(child, excluded_names):
                continue
            if child.inherits("QQuickText") and str(child.property("text") or "").strip():
                placed = PlacedText(child, str(child.property("text")), _ink_rect(child), _describe(child))
                viewport = _scroll_viewport(child)
                if viewport is None or _inside(placed.ink, viewport.mapRectToScene(viewport.boundingRect())):
                    found.append(placed)
            walk(child)

    walk(window.contentItem())
    return found


def layout_problems(window: QQuickWindow, excluded_names: set[str] = frozenset()) -> list[str]:
    """What is wrong with the text on screen now; an empty list when a driver can read it all."""
    problems: list[str] = []
    screen = QRectF(0, 0, window.width(), window.height())
    texts = visible_texts(window, excluded_names)
    for placed in texts:
        item = placed.item
        # In the 1920x720 design's pixels: the whole scene is scaled uniformly to the window.
        pixel_size = item.property("font").pixelSize()
        if pixel_size < MIN_PIXEL_SIZE:
            problems.append(f"{placed}: {pixel_size:.0f} px is under {MIN_PIXEL_SIZE} px")
        if item.property("truncated"):
            problems.append(f"{placed}: elided, the driver cannot read all of it")
        control = control_of(item)
        if control is not None and int(item.property("lineCount")) > 1:
            problems.append(
                f"{placed}: wrapped inside the control {_describe(control)}; "
                "a control's label reads on one line"
            )
        if not _inside(placed.ink, screen):
            problems.append(f"{placed}: outside the screen {screen.width():.0f}x{screen.height():.0f}")
        for ancestor in _clip_ancestors(item):
            if ancestor.inherits("QQuickFlickable") or _scroll_viewport(ancestor) is not None:
                continue
            if not _inside(placed.ink, ancestor.mapRectToScene(ancestor.boundingRect())):
                problems.append(f"{placed}: clipped by {_describe(ancestor)}")
                break
    for i, first in enumerate(texts):
        for second in texts[i + 1 :]:
            overlap = first.ink.intersected(second.ink)
            if overlap.width() > TOLERANCE and overlap.height() > TOLERANCE:
                problems.append(f"{first} overlaps {second}")
    return problems


# --- occlusion: what the driver must always see ---------------------------------------------------
PAINTING_TYPES = (
    "QQuickText",
    "QQuickImage",
    "QQuickShape",
    "QQuickCanvasItem",
    "QQuickShaderEffect",
    "QQuickShaderEffectSource",
)


def _paint_order(root: QQuickItem) -> list[QQuickItem]:
    """Every item under ``root`` in the order the scene graph paints them (z, then declaration)."""
    order: list[QQuickItem] = []

    def walk(item: QQuickItem) -> None:
        children = sorted(enumerate(item.childItems()), key=lambda pair: (pair[1].z(), pair[0]))
        for _, child in (pair for pair in children if pair[1].z() < 0):
            walk(child)
        order.append(item)
        for _, child in (pair for pair in children if pair[1].z() >= 0):
            walk(child)

    walk(root)
    return order


def _shows(item: QQuickItem) -> bool:
    node: QQuickItem | None = item
    while node is not None:
        if not node.isVisible() or node.opacity() <= 0.0:
            return False
        node = node.parentItem()
    return True


def _clipped_rect(item: QQuickItem, rect: QRectF) -> QRectF:
    for ancestor in _clip_ancestors(item):
        rect = rect.intersected(ancestor.mapRectToScene(ancestor.boundingRect()))
    return rect


def border_of(item: QQuickItem) -> tuple[float, QColor]:
    """A Rectangle's border width and colour (a grouped property PySide cannot convert: read through QML)."""
    context = QQmlEngine.contextForObject(item)
    width = QQmlExpression(context, item, "border.width").evaluate()[0]
    colour = QQmlExpression(context, item, "border.color").evaluate()[0]
    return float(width or 0), QColor(colour)


def _painted_rects(item: QQuickItem) -> list[QRectF]:
    """Where ``item`` itself puts paint, in scene coordinates (children not included)."""
    box = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
    if item.inherits("QQuickRectangle"):
        rects = []
        if item.property("color").alpha() > 0:
            rects.append(box)
        width, colour = border_of(item)
        if width > 0 and colour.alpha() > 0:
            w = width * box.width() / max(item.width(), 1e-9)
            rects += [
                QRectF(box.left(), box.top(), box.width(), w),
                QRectF(box.left(), box.bottom() - w, box.width(), w),
                QRectF(box.left(), box.top(), w, box.height()),
                QRectF(box.right() - w, box.top(), w, box.height()),
            ]
        return rects
    if item.inherits("QQuickText"):
        return [_ink_rect(item)] if str(item.property("text") or "").strip() else []
    if any(item.inherits(kind) for kind in PAINTING_TYPES):
        return [item.mapRectToScene(item.boundingRect())]
    return []


def protected_rect(item: QQuickItem) -> QRectF:
    """The part of ``item`` that must stay in view: a text's ink, any other item's box."""
    if item.inherits("QQuickText"):
        return _ink_rect(item)
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def occlusion_problems(window: QQuickWindow, protected: dict[str, QQuickItem]) -> list[str]:
    """Why any of ``protected`` (name -> item) is not fully readable now: hidden, faded, off screen,
    clipped, or painted over by something drawn after it. An empty list when all are in plain view."""
    problems: list[str] = []
    screen = QRectF(0, 0, window.width(), window.height())
    order = _paint_order(window.contentItem())
    position = {id(item): i for i, item in enumerate(order)}
    for name, item in protected.items():
        if not _shows(item):
            problems.append(f"{name} is not shown")
            continue
        rect = protected_rect(item)
        if not _inside(rect, screen):
            problems.append(f"{name} at {rect} is outside the screen")
        if not _inside(rect, _clipped_rect(item, rect)):
            problems.append(f"{name} is clipped")
        own = {id(node) for node in _paint_order(item)}
        for later in order[position[id(item)] + 1 :]:
            if id(later) in own or not _shows(later):
                continue
            for painted in _painted_rects(later):
                overlap = _clipped_rect(later, painted).intersected(rect)
                if overlap.width() > TOLERANCE and overlap.height() > TOLERANCE:
                    problems.append(
                        f"{name} is covered by {_describe(later)} "
                        f"({overlap.width():.0f}x{overlap.height():.0f} px)"
                    )
                    break
    return problems
