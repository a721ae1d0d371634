import QtQuick
import "../style"

// A line plot of `points` ([[x, y], ...]) in a fixed frame, drawn on a Canvas, with Text labels
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

    Canvas {
        id: canvas
        objectName: plot.objectName ? plot.objectName + "Canvas" : ""
        x: plot.labelWidth
        y: 8
        width: plot.width - plot.labelWidth
        height: plot.height - plot.labelHeight - 8
        renderStrategy: Canvas.Cooperative

        function px(v) { return (v - plot.xMin) / (plot.xMax - plot.xMin) * width }
        function py(v) { return height - (v - plot.yMin) / (plot.yMax - plot.yMin) * height }

        onPaint: {
            var ctx = getContext("2d")
            ctx.reset()
            ctx.lineWidth = 1
            ctx.strokeStyle = Theme.plotGrid
            for (var i = 0; i <= plot.yTicks; ++i) {
                var gy = Math.round(i * (height - 1) / plot.yTicks) + 0.5
                ctx.beginPath(); ctx.moveTo(0, gy); ctx.lineTo(width, gy); ctx.stroke()
            }
            var pts = plot.points
            if (!pts || pts.length < 2)
                return
            ctx.beginPath()
            ctx.moveTo(px(pts[0][0]), py(pts[0][1]))
            for (var k = 1; k < pts.length; ++k)
                ctx.lineTo(px(pts[k][0]), py(pts[k][1]))
            ctx.lineWidth = 4
            ctx.lineJoin = "round"
            ctx.strokeStyle = plot.lineColor
            ctx.stroke()
            if (plot.fillUnder) {
                ctx.lineTo(px(pts[pts.length - 1][0]), height)
                ctx.lineTo(px(pts[0][0]), height)
                ctx.closePath()
                ctx.globalAlpha = 0.15
                ctx.fillStyle = plot.lineColor
                ctx.fill()
            }
        }
        Connections {
            target: plot
            function onPointsChanged() { canvas.requestPaint() }
            function onXMinChanged() { canvas.requestPaint() }
            function onXMaxChanged() { canvas.requestPaint() }
            function onLineColorChanged() { canvas.requestPaint() }
        }
        Connections {
            target: Theme
            function onNightChanged() { canvas.requestPaint() }
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
