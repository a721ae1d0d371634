import QtQuick
import QtQuick.Shapes
import "../style"

// One lane line in the top-down view, drawn through `points` (scene pixels, from the car's rear
// to the far end; AdasScene works them out along the lane's arc). Styled by its VSS line type;
// a DOUBLE line draws `secondPoints` beside it. `warning` is a lane departure towards this line.
Shape {
    id: line
    property var points: []
    property var secondPoints: []
    property string lineType: "SOLID"  // NONE, DASHED, SOLID, DOUBLE, ROAD_EDGE
    property bool warning: false

    visible: lineType !== "NONE"
    preferredRendererType: Shape.CurveRenderer

    readonly property color tone: warning ? Theme.caution : lineType === "ROAD_EDGE" ? Theme.textSecondary : Theme.laneLine
    readonly property real widthPx: warning ? 10 : lineType === "ROAD_EDGE" ? 8 : 5

    component Stroke: ShapePath {
        strokeColor: line.tone
        strokeWidth: line.widthPx
        fillColor: "transparent"
        capStyle: ShapePath.FlatCap
        joinStyle: ShapePath.RoundJoin
        strokeStyle: line.lineType === "DASHED" ? ShapePath.DashLine : ShapePath.SolidLine
        dashPattern: [3, 3]
    }

    Stroke { PathPolyline { path: line.points } }
    Stroke {
        strokeColor: line.lineType === "DOUBLE" ? line.tone : "transparent"
        PathPolyline { path: line.lineType === "DOUBLE" ? line.secondPoints : [] }
    }
}
