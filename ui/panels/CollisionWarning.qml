import QtQuick
import "../style"
import "../controls"

// The forward collision warning, over everything. PREWARNING: an amber frame round the whole
// screen and a banner over the tab bar. ACUTE (or emergency braking): a flashing red frame and a full-width red
// banner across the middle of the screen that nothing else covers: impossible to miss.
Item {
    id: warning
    property string level: "NONE"       // NONE, PREWARNING, ACUTE
    property bool emergencyBraking: false
    property real prewarningInset: 0      // PREWARNING leaves this much on the left (the driving strip)

    readonly property bool acute: level === "ACUTE" || emergencyBraking
    readonly property bool active: acute || level === "PREWARNING"
    readonly property color tone: acute ? Theme.dangerFill : Theme.cautionFill
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
        border.color: warning.tone
        border.width: warning.acute ? 16 : 10
        opacity: warning.acute && !warning.flash ? 0.35 : 1
    }

    Rectangle {
        objectName: "collisionBanner"
        // ACUTE: across the middle of the screen, over everything. PREWARNING: over the tab bar at
        // the bottom, so the road view that explains the warning stays in sight.
        anchors { left: parent.left; right: parent.right; leftMargin: warning.acute ? 0 : warning.prewarningInset }
        y: warning.acute ? (parent.height - height) / 2 : parent.height - height
        height: warning.acute ? 220 : Theme.navBarHeight + 8
        color: warning.tone
        Column {
            anchors.centerIn: parent
            spacing: 4
            CText {
                objectName: "collisionText"
                anchors.horizontalCenter: parent.horizontalCenter
                text: warning.emergencyBraking ? qsTr("EMERGENCY BRAKING")
                      : warning.acute ? qsTr("BRAKE!") : qsTr("Collision warning")
                color: warning.acute ? "#FFFFFF" : Theme.textOnCaution
                font.pixelSize: warning.acute ? 112 : Theme.fontValue
                font.weight: Font.Black
                            }
        }
    }
}
