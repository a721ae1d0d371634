import QtQuick
import QtQuick.Window
import "../style"
import "../controls"
import "../panels"

// The instrument cluster: the driver's own window, fed only from the vehicle's Zenoh link
// (cockpit/hmi/cluster.py). Designed at 1920x720 (the status bar's own design width) and scaled uniformly to fit. The speed, gear,
// range and charge never move; warnings take the band below them, so nothing covers the speed.
Window {
    id: root

    required property QtObject drive
    required property QtObject adas
    required property QtObject telltales
    required property QtObject settings
    required property QtObject link

    title: qsTr("Instrument cluster")
    color: Theme.background

    Binding { target: Theme; property: "night"; value: root.settings.theme === "night" }
    Binding { target: Units; property: "imperial"; value: root.settings.unitSystem === "imperial" }

    Item {
        id: scene
        objectName: "clusterScene"
        readonly property real factor: Math.min(root.width / 1920, root.height / 720)
        width: 1920
        height: root.height / factor
        x: (root.width - width) / 2
        y: (root.height - height) / 2
        scale: factor
        transformOrigin: Item.Center

        StatusBar {
            id: statusBar
            objectName: "clusterStatusBar"
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: Theme.statusBarHeight
            drive: root.drive
            adas: root.adas
            telltales: root.telltales
        }

        ClusterGauges {
            id: gauges
            objectName: "clusterGauges"
            anchors { left: parent.left; right: parent.right; top: statusBar.bottom; bottom: band.top }
            drive: root.drive
        }

        // The warning band: the ADAS warning first, then the link's state; empty when all is well.
        ClusterWarningBand {
            id: band
            objectName: "clusterWarningBand"
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                      leftMargin: Theme.margin; rightMargin: Theme.margin; bottomMargin: Theme.gap }
            height: 120
            adas: root.adas
            link: root.link
        }
    }
}
