import QtQuick
import "../style"
import "../controls"

// A slot for a part another team adds later (the Devices page, the navigation and now-playing
// cards). Loads `source` only when Python found the file (`available`), and shows a clear empty
// state otherwise. The loaded item gets `services` (the map of Python services) if it declares it.
Item {
    id: part
    property bool available: false
    property url source
    property var services: ({})
    property string iconPath
    property string emptyTitle
    property string emptyDetail
    property bool showEmptyState: true    // false for overlays (a dialog) that show nothing when absent
    readonly property Item item: loader.item

    Loader {
        id: loader
        anchors.fill: parent
        active: part.available
        source: part.available ? part.source : ""
        onLoaded: {
            if (item.hasOwnProperty("services"))
                item.services = Qt.binding(function() { return part.services })
        }
    }
    EmptyState {
        anchors.fill: parent
        visible: part.showEmptyState && (!part.available || loader.status === Loader.Error)
        iconPath: part.iconPath
        title: part.emptyTitle
        detail: part.emptyDetail
    }
}
