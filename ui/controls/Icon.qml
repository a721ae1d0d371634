import QtQuick
import QtQuick.Shapes

// An icon from assets/Icons.qml: SVG path data on a 24x24 grid, stroked in `color`.
Item {
    id: icon
    property string path
    property color color: "black"
    property bool filled: false
    property real strokeWidth: 2

    implicitWidth: 32
    implicitHeight: 32

    Shape {
        anchors.centerIn: parent
        width: 24
        height: 24
        scale: Math.min(icon.width, icon.height) / 24
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            strokeColor: icon.color
            strokeWidth: icon.strokeWidth
            fillColor: icon.filled ? icon.color : "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathSvg { path: icon.path }
        }
    }
}
