import QtQuick
import "../style"
import "../controls"

// Park assist, on screen while the car is in reverse: the car from above with its six ultrasonic
// sectors, each drawn at its gap and coloured by it (red under 0.6 m, amber under 1.5 m, green
// beyond, an outline when clear), and the nearest gap in large figures. A sector whose sensor is
// stale or reports "not available" is drawn hatched and named as unavailable: never as clear.
// `toneInterval` tells WarningTones how fast to beep: 0 silent, -1 a steady tone.
Rectangle {
    id: view
    required property QtObject adas

    readonly property real rangeM: 2.5       // a sensor's range: this gap or more is "clear"
    readonly property real warnM: 1.5
    readonly property real closeM: 0.6
    readonly property real stopM: 0.3

    readonly property var sectors: [
        { name: "frontLeft", end: "front", column: 0, value: adas.parkFrontLeft, valid: adas.parkFrontLeftValid, label: qsTr("Front left") },
        { name: "frontCentre", end: "front", column: 1, value: adas.parkFrontCentre, valid: adas.parkFrontCentreValid, label: qsTr("Front centre") },
        { name: "frontRight", end: "front", column: 2, value: adas.parkFrontRight, valid: adas.parkFrontRightValid, label: qsTr("Front right") },
        { name: "rearLeft", end: "rear", column: 0, value: adas.parkRearLeft, valid: adas.parkRearLeftValid, label: qsTr("Rear left") },
        { name: "rearCentre", end: "rear", column: 1, value: adas.parkRearCentre, valid: adas.parkRearCentreValid, label: qsTr("Rear centre") },
        { name: "rearRight", end: "rear", column: 2, value: adas.parkRearRight, valid: adas.parkRearRightValid, label: qsTr("Rear right") }
    ]
    readonly property var nearest: {
        var best = null
        for (var i = 0; i < sectors.length; ++i)
            if (sectors[i].valid && (best === null || sectors[i].value < best.value))
                best = sectors[i]
        return best
    }
    readonly property var unavailable: sectors.filter(s => !s.valid)
    readonly property int toneInterval: nearest === null || nearest.value >= warnM ? 0
                                        : nearest.value < stopM ? -1
                                        : Math.round(120 + (nearest.value - stopM) / (warnM - stopM) * 780)

    function toneFor(distance) {
        return distance < closeM ? Theme.danger : distance < warnM ? Theme.caution : Theme.ok
    }

    color: Theme.surface
    radius: Theme.radius

    // --- the car and its sectors ---------------------------------------------------------
    Item {
        id: diagram
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; leftMargin: Theme.margin }
        width: parent.width * 0.5
        readonly property real zone: (height - car.height - 2 * Theme.margin) / 2   // px for 2.5 m
        readonly property real sectorWidth: 96

        RoadUser {
            id: car
            objectName: "parkCar"
            objectClass: "EGO"
            width: 112; height: 216
            anchors.centerIn: parent
            tone: Theme.egoCar
            detail: Theme.night ? "#0B2740" : "#CFE3FA"
        }

        Repeater {
            model: view.sectors
            delegate: Item {
                id: sector
                required property var modelData
                readonly property bool front: modelData.end === "front"
                readonly property bool clear: modelData.valid && modelData.value >= view.rangeM - 0.005
                readonly property real gapPx: Math.max(0, Math.min(1, modelData.value / view.rangeM)) * (diagram.zone - 18)
                objectName: "parkSector_" + modelData.name
                property string sectorState: !modelData.valid ? "unavailable" : clear ? "clear" : "near"
                x: diagram.width / 2 + (modelData.column - 1) * (diagram.sectorWidth + 8) - diagram.sectorWidth / 2
                y: front ? car.y - diagram.zone : car.y + car.height
                width: diagram.sectorWidth
                height: diagram.zone

                // The sector's whole field, faint: where the sensor looks.
                Rectangle {
                    anchors.fill: parent
                    radius: 12
                    color: sector.modelData.valid ? Theme.surfaceRaised : "transparent"
                    border.color: sector.modelData.valid ? Theme.divider : Theme.textSecondary
                    border.width: Theme.borderWidth
                }
                // Unavailable: hatched, so it can never pass for a clear sector.
                Repeater {
                    model: sector.modelData.valid ? 0 : Math.max(0, Math.floor(sector.height / 18))
                    delegate: Rectangle {
                        required property int index
                        x: 10; width: sector.width - 20
                        y: 9 + index * 18; height: 6
                        radius: 3
                        rotation: -20
                        color: Theme.textSecondary
                        opacity: 0.5
                    }
                }
                // Measured: the field between the bumper and the obstacle in the gap's colour
                // (green when clear), so each sector reads at a glance.
                Rectangle {
                    visible: sector.modelData.valid
                    x: 2; width: parent.width - 4
                    y: sector.front ? (sector.clear ? 2 : parent.height - 18 - sector.gapPx) : 2
                    height: sector.clear ? parent.height - 4 : sector.gapPx + 16
                    radius: 10
                    color: sector.clear ? Theme.ok : view.toneFor(sector.modelData.value)
                    opacity: sector.clear ? 0.18 : 0.3
                }
                // The obstacle's edge, at its gap from the bumper.
                Rectangle {
                    objectName: sector.objectName + "_bar"
                    visible: sector.modelData.valid && !sector.clear
                    x: 4; width: parent.width - 8; height: 18
                    radius: 9
                    y: sector.front ? parent.height - 18 - sector.gapPx : sector.gapPx
                    color: view.toneFor(sector.modelData.value)
                }
            }
        }
    }

    // --- the nearest gap, large; which sensors cannot see ---------------------------------
    Column {
        anchors { left: diagram.right; right: parent.right; verticalCenter: parent.verticalCenter
                  leftMargin: Theme.margin; rightMargin: Theme.margin }
        spacing: 12
        CText {
            text: qsTr("Park assist")
            color: Theme.textSecondary
            font.pixelSize: Theme.fontTitle
        }
        Row {
            spacing: 12
            CText {
                objectName: "parkNearestValue"
                text: view.nearest === null ? Units.dash
                      : view.nearest.value >= view.rangeM - 0.005 ? qsTr("Clear")
                      : Units.fmt(Units.shortDistance(view.nearest.value), true, Units.imperial ? 1 : 2)
                color: view.nearest === null || view.nearest.value >= view.warnM ? Theme.textPrimary
                       : view.toneFor(view.nearest.value)
                font.pixelSize: 112
                font.weight: Font.DemiBold
                font.features: { "tnum": 1 }
            }
            CText {
                anchors.baseline: parent.children[0].baseline
                visible: view.nearest !== null && view.nearest.value < view.rangeM - 0.005
                text: Units.shortDistanceUnit
                color: Theme.textSecondary
                font.pixelSize: Theme.fontTitle
            }
        }
        CText {
            objectName: "parkNearestSector"
            width: parent.width
            wrapMode: Text.WordWrap
            text: view.nearest === null ? qsTr("Park sensors unavailable")
                  : view.nearest.value < view.stopM ? qsTr("Stop: %1").arg(view.nearest.label)
                  : view.nearest.value < view.rangeM - 0.005 ? qsTr("Nearest: %1").arg(view.nearest.label)
                  : qsTr("Nothing within %1 %2").arg(Units.fmt(Units.shortDistance(view.rangeM), true, 1)).arg(Units.shortDistanceUnit)
            color: view.nearest !== null && view.nearest.value < view.stopM ? Theme.danger : Theme.textPrimary
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
        }
        CText {
            objectName: "parkUnavailable"
            width: parent.width
            wrapMode: Text.WordWrap
            visible: view.unavailable.length > 0 && view.nearest !== null
            text: qsTr("Sensor unavailable: %1").arg(view.unavailable.map(s => s.label).join(", "))
            color: Theme.caution
        }
    }
}
