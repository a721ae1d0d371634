import QtQuick
import QtQuick.Shapes
import "../style"

// A line plot of `points` ([[x, y], ...]) in a fixed frame, drawn as a Shape, with Text labels
// for the axes (so the labels obey the theme's fonts and sizes like every other text).
Item {
    id: plot
    property var points: []
    property real xMin: 0
    property real xMax: 1
    property real yMin: 0
    property real yMax: 100
    property int yTicks: 4
    property color lineColor: Theme.accent
    property bool fillUnder: true
    property string xMinLabel
    property string xMaxLabel
    property string yUnit
    property string emptyText

    property int labelWidth: 72
    readonly property int labelHeight: 32

    // The frame the line is drawn in; the line and its fill are one Shape (scene-graph geometry,
    // re-made only when the points change, every couple of seconds), not a Canvas repainted in
    // software whenever anything around it moves.
    Item {
        id: canvas
        objectName: plot.objectName ? plot.objectName + "Frame" : ""
        x: plot.labelWidth
        y: 8
        width: plot.width - plot.labelWidth
        height: plot.height - plot.labelHeight - 8

        function px(v) { return (v - plot.xMin) / (plot.xMax - plot.xMin) * width }
        function py(v) { return height - (v - plot.yMin) / (plot.yMax - plot.yMin) * height }
        readonly property bool drawn: !!plot.points && plot.points.length >= 2
        readonly property var line: {
            var pts = plot.points
            if (!drawn)
                return []
            var out = []
            for (var k = 0; k < pts.length; ++k)
                out.push(Qt.point(px(pts[k][0]), py(pts[k][1])))
            return out
        }
        // The line closed down to the x axis: the area under it, filled faintly.
        readonly property var area: line.length < 2 ? []
            : line.concat([Qt.point(line[line.length - 1].x, height), Qt.point(line[0].x, height)])

        Repeater {   // the grid: one hairline per tick
            model: plot.yTicks + 1
            delegate: Rectangle {
                required property int index
                width: canvas.width
                height: 1
                y: Math.round(index * (canvas.height - 1) / plot.yTicks)
                color: Theme.plotGrid
            }
        }
        Shape {
            anchors.fill: parent
            visible: canvas.drawn
            preferredRendererType: Shape.CurveRenderer
            ShapePath {
                strokeColor: "transparent"
                fillColor: plot.fillUnder ? Qt.rgba(plot.lineColor.r, plot.lineColor.g, plot.lineColor.b, 0.15)
                                          : "transparent"
                PathPolyline { path: canvas.area }
            }
            ShapePath {
                strokeColor: plot.lineColor
                strokeWidth: 4
                fillColor: "transparent"
                joinStyle: ShapePath.RoundJoin
                capStyle: ShapePath.RoundCap
                PathPolyline { path: canvas.line }
            }
        }
    }

    Repeater {
        model: plot.yTicks + 1
        delegate: CText {
            required property int index
            width: plot.labelWidth - 12
            height: plot.labelHeight
            horizontalAlignment: Text.AlignRight
            verticalAlignment: Text.AlignVCenter
            y: canvas.y + index * (canvas.height - 1) / plot.yTicks - height / 2
            // Only the top and bottom ticks are labelled: the lines carry the rest, calmly.
            visible: index === 0 || index === plot.yTicks
            text: Math.round(plot.yMax - index * (plot.yMax - plot.yMin) / plot.yTicks) + plot.yUnit
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
        }
    }
    CText {
        x: canvas.x
        y: canvas.y + canvas.height + 2
        text: plot.xMinLabel
        color: Theme.textSecondary
        font.pixelSize: Theme.fontSmall
    }
    CText {
        x: canvas.x + canvas.width - width
        y: canvas.y + canvas.height + 2
        text: plot.xMaxLabel
        color: Theme.textSecondary
        font.pixelSize: Theme.fontSmall
    }
    CText {
        anchors.centerIn: canvas
        visible: (!plot.points || plot.points.length < 2) && plot.emptyText.length > 0
        text: plot.emptyText
        color: Theme.textSecondary
    }
}
