import QtQuick
import QtQuick.Shapes
import "../style"
import "../assets"

// A road user seen from above, drawn by its class (car, truck or bus, motorcycle, bicycle,
// pedestrian; anything else as "unknown"), centred on its position in the scene. `threat` draws
// the collision warning at the object itself: an amber halo for the pre-warning, a pulsing red one
// for the acute warning. `lead` marks the vehicle the cruise control follows.
Item {
    id: user
    property string objectClass: "CAR"     // CAR, TRUCK, MOTORCYCLE, BICYCLE, PEDESTRIAN, EGO, other
    property color tone: Theme.otherCar
    property color detail: Theme.road
    property string threat: "NONE"         // NONE, PREWARNING, ACUTE
    property bool lead: false
    property bool flash: true              // the acute halo's pulse, from the scene's one timer

    readonly property string drawnClass: objectClass === "EGO" ? "CAR"
                                         : RoadIcons.shapes[objectClass] !== undefined ? objectClass : "UNKNOWN"
    readonly property var shape: RoadIcons.shapes[drawnClass]
    readonly property var size: RoadIcons.sizes[objectClass] || RoadIcons.sizes[drawnClass]
    readonly property bool threatened: threat === "PREWARNING" || threat === "ACUTE"
    width: size[0]
    height: size[1]

    Rectangle {
        objectName: user.objectName + "_halo"
        visible: user.threatened
        anchors.centerIn: parent
        width: Math.max(parent.width, 40) + 40
        height: Math.max(parent.height, 40) + 40
        radius: Math.min(width, height) / 2
        color: Qt.rgba(border.color.r, border.color.g, border.color.b, 0.25)
        border.color: user.threat === "ACUTE" ? Theme.danger : Theme.caution
        border.width: user.threat === "ACUTE" ? 8 : 6
        opacity: user.threat === "ACUTE" && !user.flash ? 0.45 : 1
    }

    // The lead vehicle's mark: a bar under its rear, in the colour of the cruise control.
    Rectangle {
        objectName: user.objectName + "_leadMark"
        visible: user.lead
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.bottom; topMargin: 6 }
        width: parent.width + 16
        height: 8
        radius: 4
        color: Theme.accent
    }

    Shape {
        width: user.shape.grid[0]
        height: user.shape.grid[1]
        transform: Scale { xScale: user.width / user.shape.grid[0]; yScale: user.height / user.shape.grid[1] }
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            strokeColor: "transparent"
            fillColor: user.tone
            fillRule: ShapePath.WindingFill   // overlapping parts (frame and rider) add up, not cancel
            PathSvg { path: user.shape.body }
        }
        ShapePath {
            strokeColor: "transparent"
            fillColor: user.detail
            fillRule: ShapePath.WindingFill
            PathSvg { path: user.shape.detail }
        }
    }
}
