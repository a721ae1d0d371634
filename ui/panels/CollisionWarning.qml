import QtQuick
import QtQuick.Shapes
import "../style"
import "../controls"

// The forward collision warning in the driver's line of sight: a banner at the top of the page
// area, beside the road view (which draws the warning at the threatening object itself), the
// cards below it veiled, and a frame round the page area. PREWARNING is amber; ACUTE (or
// emergency braking) red and pulsing.
// It covers the page area only: the driving strip (speed, gear) and the status bar (telltales)
// stay readable, always. tests/ui/test_warnings.py checks that geometrically.
Item {
    id: warning
    property string level: "NONE"       // NONE, PREWARNING, ACUTE
    property bool emergencyBraking: false
    property real roadViewWidth: 0      // the page's road view on the left: the banner starts after it

    readonly property bool acute: level === "ACUTE" || emergencyBraking
    readonly property bool active: acute || level === "PREWARNING"
    readonly property color tone: acute ? Theme.dangerFill : Theme.cautionFill
    readonly property color ink: acute ? "#FFFFFF" : Theme.textOnCaution
    readonly property int frameWidth: acute ? 12 : 8
    visible: active

    property bool flash: true
    Timer {
        interval: 250       // 4 Hz: fast enough to be urgent, under the photosensitive range
        repeat: true
        running: warning.acute
        onRunningChanged: warning.flash = true
        onTriggered: warning.flash = !warning.flash
    }

    Rectangle {
        objectName: "collisionFrame"
        anchors.fill: parent
        color: "transparent"
        radius: Theme.radius
        border.color: warning.tone
        border.width: warning.frameWidth
        opacity: warning.acute && !warning.flash ? 0.4 : 1
    }

    // Below the banner the page's cards are veiled: a turn instruction or a track title cut in
    // half by the banner read as clutter next to the one thing that matters now. They come back
    // the moment the warning ends; the road view beside stays clear (it shows the threat).
    Rectangle {
        objectName: "collisionVeil"
        anchors { left: banner.left; right: banner.right; top: banner.bottom; bottom: parent.bottom
                  rightMargin: warning.frameWidth; bottomMargin: warning.frameWidth }
        color: Theme.background
        opacity: 0.85
    }

    Rectangle {
        id: banner
        objectName: "collisionBanner"
        anchors { left: parent.left; right: parent.right; top: parent.top
                  leftMargin: warning.roadViewWidth > 0 ? warning.roadViewWidth + Theme.gap : 0 }
        height: 128
        radius: Theme.radius
        color: warning.tone
        Row {
            anchors.centerIn: parent
            spacing: 24
            // A warning triangle, drawn: the symbol drivers know for "danger ahead".
            Shape {
                anchors.verticalCenter: parent.verticalCenter
                width: 88; height: 78
                preferredRendererType: Shape.CurveRenderer
                ShapePath {
                    strokeColor: warning.ink
                    strokeWidth: 8
                    fillColor: "transparent"
                    joinStyle: ShapePath.RoundJoin
                    PathSvg { path: "M44 6 L84 74 H4 Z" }
                }
                ShapePath {
                    strokeColor: warning.ink
                    strokeWidth: 9
                    capStyle: ShapePath.RoundCap
                    fillColor: "transparent"
                    PathSvg { path: "M44 30 V50 M44 62 V63" }
                }
            }
            CText {
                objectName: "collisionText"
                anchors.verticalCenter: parent.verticalCenter
                // Shrinks to fit a narrow banner rather than run past it.
                width: Math.min(implicitWidth, banner.width - 88 - 24 - 2 * Theme.margin)
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.fontTitle
                text: warning.emergencyBraking ? qsTr("EMERGENCY BRAKING")
                      : warning.acute ? qsTr("BRAKE!") : qsTr("Collision warning")
                color: warning.ink
                font.pixelSize: warning.acute ? 80 : Theme.fontValueLarge
                font.weight: Font.Black
            }
        }
    }
}
