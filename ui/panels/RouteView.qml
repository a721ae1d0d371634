import QtQuick
import QtQuick.Shapes
import "../style"

// The route as a vector drawing (no map tiles): the line still to drive in the accent colour over
// a casing, the part already driven dimmed, the destination pin and the car's position. Plain
// properties: points in metres (east, south) from the route box's corner, as HandoffModel gives
// them; the view fits the box, north up, keeping the proportions.
Item {
    id: view
    property var line: []          // [QPointF] the whole route
    property var done: []          // [QPointF] from the start to the car
    property point car: Qt.point(0, 0)
    property size box: Qt.size(0, 0)
    property bool animated: false  // turned on once placed, so the first position is not a glide
    Timer { interval: 1000; running: view.visible && !view.animated; onTriggered: view.animated = true }

    readonly property real pad: 18
    readonly property real factor: box.width > 0 || box.height > 0
        ? Math.min((width - 2 * pad) / Math.max(box.width, 1), (height - 2 * pad) / Math.max(box.height, 1)) : 1
    readonly property real offsetX: (width - box.width * factor) / 2
    readonly property real offsetY: (height - box.height * factor) / 2
    function place(p) { return Qt.point(offsetX + p.x * factor, offsetY + p.y * factor) }
    function placed(points) { return points.map(p => place(p)) }
    readonly property point carAt: place(car)
    readonly property point endAt: line.length > 0 ? place(line[line.length - 1]) : Qt.point(0, 0)

    Shape {
        anchors.fill: parent
        preferredRendererType: Shape.CurveRenderer
        ShapePath {   // the casing: the road the route runs on
            strokeColor: Theme.road
            strokeWidth: 22
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathPolyline { path: view.placed(view.line) }
        }
        ShapePath {   // still to drive
            strokeColor: Theme.accent
            strokeWidth: 10
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathPolyline { path: view.placed(view.line) }
        }
        ShapePath {   // already driven
            strokeColor: Theme.divider
            strokeWidth: 10
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathPolyline { path: view.placed(view.done) }
        }
    }

    Rectangle {   // the destination
        objectName: "routeDestination"
        width: 22; height: 22; radius: 11
        x: view.endAt.x - width / 2; y: view.endAt.y - height / 2
        color: Theme.surface
        border.color: Theme.textPrimary
        border.width: 6
        visible: view.line.length > 1
    }
    Rectangle {   // the car, with a halo so it reads over the line
        objectName: "routeCar"
        width: 30; height: 30; radius: 15
        x: view.carAt.x - width / 2; y: view.carAt.y - height / 2
        color: Theme.egoCar
        border.color: Theme.surface
        border.width: 5
        visible: view.line.length > 1
        // Reports come once a second: the car glides a quarter of a second to each (a 900 ms glide
        // kept the whole window redrawing 60 times a second while driving, for a few pixels).
        Behavior on x { enabled: view.animated; NumberAnimation { duration: 250 } }
        Behavior on y { enabled: view.animated; NumberAnimation { duration: 250 } }
    }
}
