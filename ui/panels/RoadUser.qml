import QtQuick
import "../style"

// A vehicle, rider or pedestrian seen from above, centred on its position in the scene.
Item {
    id: user
    property string objectClass: "CAR"     // CAR, TRUCK, MOTORCYCLE, BICYCLE, PEDESTRIAN, EGO
    property color tone: Theme.otherCar

    readonly property var size: ({
        "EGO": [64, 116], "CAR": [56, 100], "TRUCK": [68, 168], "MOTORCYCLE": [26, 58],
        "BICYCLE": [22, 52], "PEDESTRIAN": [30, 30]
    })[objectClass] || [56, 100]
    width: size[0]
    height: size[1]

    Rectangle {
        anchors.fill: parent
        radius: user.objectClass === "PEDESTRIAN" ? width / 2 : Math.min(width / 3, 18)
        color: user.tone
        // windscreen: shows which way the vehicle points
        Rectangle {
            visible: user.objectClass !== "PEDESTRIAN"
            x: parent.width * 0.15
            y: parent.height * 0.2
            width: parent.width * 0.7
            height: Math.max(6, parent.height * 0.16)
            radius: 4
            color: Theme.background
            opacity: 0.75
        }
    }
}
