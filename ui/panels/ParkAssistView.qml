import QtQuick
import "../style"
import "../controls"

// Park assist, on screen while the car is in reverse: the car from above with its six ultrasonic
// sectors, each drawn at its gap and coloured by it (red under 0.6 m, amber under 1.5 m, green
// beyond and when clear), and the nearest gap in large figures. A sector whose sensor is stale or
// reports "not available" is drawn hatched and named as unavailable: never as clear. The model
// (AdasModel.park*) decides each sector's state, the nearest gap and the tone; this only draws.
Rectangle {
    id: view
    required property QtObject adas

    readonly property var labels: ({
        "frontLeft": qsTr("Front left"), "frontCentre": qsTr("Front centre"), "frontRight": qsTr("Front right"),
        "rearLeft": qsTr("Rear left"), "rearCentre": qsTr("Rear centre"), "rearRight": qsTr("Rear right")
    })
    readonly property var sectors: [
        { name: "frontLeft", field: "parkFrontLeft", front: true, column: 0 },
        { name: "frontCentre", field: "parkFrontCentre", front: true, column: 1 },
        { name: "frontRight", field: "parkFrontRight", front: true, column: 2 },
        { name: "rearLeft", field: "parkRearLeft", front: false, column: 0 },
        { name: "rearCentre", field: "parkRearCentre", front: false, column: 1 },
        { name: "rearRight", field: "parkRearRight", front: false, column: 2 }
    ]
    readonly property string nearestState: adas.parkNearestValid ? adas.parkSectorStates[adas.parkNearestSector] : ""
    readonly property int toneInterval: adas.parkToneInterval

    function toneFor(state) {
        return state === "close" ? Theme.danger : state === "near" ? Theme.caution : Theme.ok
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
                readonly property bool front: modelData.front
                readonly property string sectorState: view.adas.parkSectorStates[modelData.name] || "unavailable"
                readonly property bool available: sectorState !== "unavailable"
                readonly property bool clear: sectorState === "clear"
                readonly property real distance: view.adas[modelData.field]
                readonly property real gapPx: Math.max(0, Math.min(1, distance / view.adas.parkRange)) * (diagram.zone - 18)
                objectName: "parkSector_" + modelData.name
                x: diagram.width / 2 + (modelData.column - 1) * (diagram.sectorWidth + 8) - diagram.sectorWidth / 2
                y: front ? car.y - diagram.zone : car.y + car.height
                width: diagram.sectorWidth
                height: diagram.zone

                // The sector's whole field, faint: where the sensor looks.
                Rectangle {
                    anchors.fill: parent
                    radius: 12
                    color: sector.available ? Theme.surfaceRaised : "transparent"
                    border.color: sector.available ? Theme.divider : Theme.textSecondary
                    border.width: Theme.borderWidth
                }
                // Unavailable: hatched, so it can never pass for a clear sector.
                Repeater {
                    model: sector.available ? 0 : Math.max(0, Math.floor(sector.height / 18))
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
                    visible: sector.available
                    x: 2; width: parent.width - 4
                    y: sector.front ? (sector.clear ? 2 : parent.height - 18 - sector.gapPx) : 2
                    height: sector.clear ? parent.height - 4 : sector.gapPx + 16
                    radius: 10
                    color: view.toneFor(sector.sectorState)
                    opacity: sector.clear ? 0.18 : 0.3
                }
                // The obstacle's edge, at its gap from the bumper.
                Rectangle {
                    objectName: sector.objectName + "_bar"
                    visible: sector.available && !sector.clear
                    x: 4; width: parent.width - 8; height: 18
                    radius: 9
                    y: sector.front ? parent.height - 18 - sector.gapPx : sector.gapPx
                    color: view.toneFor(sector.sectorState)
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
                id: nearestValue
                objectName: "parkNearestValue"
                text: !view.adas.parkNearestValid ? Units.dash
                      : view.adas.parkNearestClear ? qsTr("Clear")
                      : Units.fmt(Units.shortDistance(view.adas.parkNearestDistance), true, Units.imperial ? 1 : 2)
                color: view.nearestState === "close" || view.nearestState === "near" ? view.toneFor(view.nearestState)
                       : Theme.textPrimary
                font.pixelSize: 112
                font.weight: Font.DemiBold
                font.features: { "tnum": 1 }
            }
            CText {
                anchors.baseline: nearestValue.baseline
                visible: view.adas.parkNearestValid && !view.adas.parkNearestClear
                text: Units.shortDistanceUnit
                color: Theme.textSecondary
                font.pixelSize: Theme.fontTitle
            }
        }
        CText {
            objectName: "parkNearestSector"
            width: parent.width
            wrapMode: Text.WordWrap
            readonly property string where: view.labels[view.adas.parkNearestSector] || ""
            readonly property bool stop: view.adas.parkNearestValid
                                         && view.adas.parkNearestDistance < view.adas.parkStopDistance
            text: !view.adas.parkNearestValid ? qsTr("Park sensors unavailable")
                  : stop ? qsTr("Stop: %1").arg(where)
                  : !view.adas.parkNearestClear ? qsTr("Nearest: %1").arg(where)
                  : qsTr("Nothing within %1 %2").arg(Units.fmt(Units.shortDistance(view.adas.parkRange), true, 1))
                                                 .arg(Units.shortDistanceUnit)
            color: stop ? Theme.danger : Theme.textPrimary
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
        }
        CText {
            objectName: "parkUnavailable"
            width: parent.width
            wrapMode: Text.WordWrap
            visible: view.adas.parkUnavailableSectors.length > 0 && view.adas.parkNearestValid
            text: qsTr("Sensor unavailable: %1").arg(view.adas.parkUnavailableSectors.map(n => view.labels[n]).join(", "))
            color: Theme.caution
        }
    }
}
