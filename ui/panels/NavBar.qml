import QtQuick
import "../style"
import "../controls"
import "../assets"

// The page tabs along the bottom: one touch target per page.
Item {
    id: bar
    property string currentPage
    signal pageRequested(string page)

    readonly property var pages: [
        { page: "drive", label: qsTr("Drive"), icon: Icons.drive },
        { page: "energy", label: qsTr("Energy"), icon: Icons.energy },
        { page: "adas", label: qsTr("ADAS"), icon: Icons.adasTab },
        { page: "devices", label: qsTr("Devices"), icon: Icons.devices },
        { page: "diagnostics", label: qsTr("Diagnostics"), icon: Icons.diagnostics },
        { page: "settings", label: qsTr("Settings"), icon: Icons.settings }
    ]

    Rectangle {
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 1
        color: Theme.divider
    }
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
