"""The part every flat list model of the cockpit shares: row count, role names, index checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class RowListModel(QAbstractListModel):
    """A list model over ``self._rows``.

    A subclass names its roles in ``_ROLE_NAMES`` (role number -> name QML uses) and answers
    ``_role_value(row, role)`` for a row that exists; out-of-range or child indexes get None here.
    """

    _ROLE_NAMES: ClassVar[dict[int, bytes]] = {}
    _rows: Sequence[Any]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        """Number of rows (a list model: children of the root only)."""
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        """Role numbers to the names QML uses."""
        return {int(role): QByteArray(name) for role, name in self._ROLE_NAMES.items()}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The value of ``role`` at ``index``; None for anything out of range."""
        if (
            not index.isValid()
            or index.parent().isValid()
            or index.column() != 0
            or not 0 <= index.row() < len(self._rows)
        ):
            return None
        return self._role_value(index.row(), role)

    def _role_value(self, row: int, role: int) -> Any:
        raise NotImplementedError
