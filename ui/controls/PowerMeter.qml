import QtQuick
import "../style"

// Drive power to the right of zero, regeneration to the left (green), on one thin bar with a tick
// at zero. No outline: the track is a tone.
Item {
    id: meter
    property real power: 0          // kW, positive = drive, negative = regeneration
    property bool valid: false
    property real driveMax: 250
    property real regenMax: 100

    implicitWidth: 520
    implicitHeight: Theme.meterHeight

    readonly property real zeroX: width * regenMax / (regenMax + driveMax)

    Rectangle {
        id: track
        anchors.fill: parent
        radius: height / 2
        color: Theme.surfaceRaised
    }
    Rectangle {
        objectName: "powerFill"
        visible: meter.valid && meter.power !== 0
        height: parent.height
        anchors.verticalCenter: parent.verticalCenter
        radius: height / 2
        readonly property real span: meter.power >= 0
            ? Math.min(meter.power / meter.driveMax, 1) * (meter.width - meter.zeroX)
            : Math.min(-meter.power / meter.regenMax, 1) * meter.zeroX
        x: meter.power >= 0 ? meter.zeroX : meter.zeroX - span
        width: Math.max(span, 4)
        color: meter.power >= 0 ? Theme.drivePower : Theme.regenPower
    }
    Rectangle {
        x: meter.zeroX - 1
        width: 2
        height: parent.height + 10
        anchors.verticalCenter: parent.verticalCenter
        color: Theme.textSecondary
    }
}
