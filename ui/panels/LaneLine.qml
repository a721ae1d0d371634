import QtQuick
import QtQuick.Shapes
import "../style"

// One lane line in the top-down view: a parabola (offset + curvature * d^2 / 2) drawn as a
// quadratic curve, which is exact for a parabola. Styled by its VSS line type.
Shape {
    id: line
    property real offset: 0            // m, left positive
    property real curvature: 0         // 1/m, positive bends left
    property string lineType: "SOLID"  // NONE, DASHED, SOLID, DOUBLE, ROAD_EDGE
    property bool warning: false       // lane departure towards this line
    // view geometry, from the scene
    property real centreX: 0
    property real zeroY: 0             // screen y of d = 0 (the ego car's front)
    property real metresX: 1
    property real metresY: 1
    property real nearDistance: -10
    property real farDistance: 80

    visible: lineType !== "NONE"
    preferredRendererType: Shape.CurveRenderer

    readonly property real k: curvature / 2
    readonly property color tone: warning ? Theme.caution : lineType === "ROAD_EDGE" ? Theme.textSecondary : Theme.laneLine
    readonly property real widthPx: warning ? 10 : lineType === "ROAD_EDGE" ? 8 : 5

    function sx(lateral) { return centreX - lateral * metresX }
    function sy(d) { return zeroY - d * metresY }
    function lateralAt(d, delta) { return offset + delta + k * d * d }

    component Stroke: ShapePath {
        id: stroke
        property real delta: 0
        strokeColor: line.tone
        strokeWidth: line.widthPx
        fillColor: "transparent"
        capStyle: ShapePath.FlatCap
        strokeStyle: line.lineType === "DASHED" ? ShapePath.DashLine : ShapePath.SolidLine
        dashPattern: [3, 3]
        startX: line.sx(line.lateralAt(line.nearDistance, delta))
        startY: line.sy(line.nearDistance)
        PathQuad {
            // The control point of a parabola between d0 and d1 sits at lateral o + k*d0*d1.
            controlX: line.sx(line.offset + stroke.delta + line.k * line.nearDistance * line.farDistance)
            controlY: line.sy((line.nearDistance + line.farDistance) / 2)
            x: line.sx(line.lateralAt(line.farDistance, stroke.delta))
            y: line.sy(line.farDistance)
        }
    }

    Stroke { delta: line.lineType === "DOUBLE" ? 0.12 : 0 }
    Stroke { delta: -0.12; strokeColor: line.lineType === "DOUBLE" ? line.tone : "transparent" }
}
