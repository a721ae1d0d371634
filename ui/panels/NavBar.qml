import QtQuick
import "../style"
import "../controls"
import "../assets"

// The page tabs along the bottom: one touch target per page, on the background with no rule above
// them (the current tab is marked by its own tone and bar, see NavButton).
Item {
    id: bar
    property string currentPage
    signal pageRequested(string page)

    property var pageIds: []   // the pages in tab order (the vocabulary's, cockpit/vocabulary.py)

    function labelOf(page) {
        switch (page) {
        case "drive": return qsTr("Drive")
        case "energy": return qsTr("Energy")
        case "adas": return qsTr("ADAS")
        case "devices": return qsTr("Devices")
        case "diagnostics": return qsTr("Diagnostics")
        case "settings": return qsTr("Settings")
        default: return page
        }
    }
    readonly property var icons: ({ "drive": Icons.drive, "energy": Icons.energy, "adas": Icons.adasTab,
                                    "devices": Icons.devices, "diagnostics": Icons.diagnostics,
                                    "settings": Icons.settings })
    readonly property var pages: pageIds.map(p => ({ page: p, label: labelOf(p), icon: icons[p] || "" }))

    Row {
        anchors.verticalCenter: parent.verticalCenter
        width: parent.width
        Repeater {
            model: bar.pages
            delegate: NavButton {
                required property var modelData
                objectName: "nav_" + modelData.page
                width: bar.width / bar.pages.length
                label: modelData.label
                iconPath: modelData.icon
                current: bar.currentPage === modelData.page
                onClicked: bar.pageRequested(modelData.page)
            }
        }
    }
}
