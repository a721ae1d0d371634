import QtQuick
import "../style"
import "../controls"
import "../assets"

// The driving strip, always visible: speed, gear, power, charge and range, and the ADAS state
// (while the car charges, the charging power and the time to the charge limit in its place).
Rectangle {
    id: strip
    required property QtObject drive
    required property QtObject adas

    color: Theme.surface

    Rectangle {
        anchors { right: parent.right; top: parent.top; bottom: parent.bottom }
        width: 1
        color: Theme.divider
    }

    // --- speed and gear ---------------------------------------------------------------
    CText {
        id: speed
        objectName: "speedValue"
        // The font's line box has room for CJK above the digits; pull it up so the digits, not
        // the empty leading, sit at the top of the strip.
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: 20 - 0.42 * Theme.fontSpeed }
        text: Units.fmt(Units.speed(strip.drive.speed), strip.drive.speedValid, 0)
        font.pixelSize: Theme.fontSpeed
        font.weight: Font.DemiBold
        font.features: { "tnum": 1 }   // tabular digits: the number does not wobble as it changes
    }
    CText {
        id: speedUnit
        objectName: "speedUnit"
        anchors { horizontalCenter: parent.horizontalCenter; top: speed.baseline; topMargin: 24 }
        text: Units.speedUnit
        color: Theme.textSecondary
        font.pixelSize: Theme.fontTitle
    }

    Row {
        id: gears
        objectName: "gearSelector"
        anchors { horizontalCenter: parent.horizontalCenter; top: speedUnit.bottom; topMargin: 16 }
        spacing: 20
        Repeater {
            model: ["P", "R", "N", "D"]
            delegate: Rectangle {
                required property string modelData
                readonly property bool selected: strip.drive.gearValid && strip.drive.gear === modelData
                objectName: "gear_" + modelData
                width: 64; height: 64
                radius: Theme.radius
                color: selected ? Theme.accent : "transparent"
                border.color: selected ? Theme.accent : Theme.divider
                border.width: Theme.borderWidth
                CText {
                    anchors.centerIn: parent
                    text: parent.modelData
                    color: parent.selected ? Theme.textOnAccent : Theme.textSecondary
                    font.pixelSize: Theme.fontTitle + 8
                    font.weight: Font.Bold
                }
            }
        }
    }

    // --- power ------------------------------------------------------------------------
    Item {
        id: powerBlock
        anchors { left: parent.left; right: parent.right; top: gears.bottom; topMargin: 28
                  leftMargin: Theme.margin + 16; rightMargin: Theme.margin + 16 }
        height: 68
        CText {
            id: regenLabel
            text: qsTr("Regen")
            color: Theme.regenPower
            font.pixelSize: Theme.fontSmall
        }
        CText {
            objectName: "powerValue"
            anchors.horizontalCenter: parent.horizontalCenter
            text: Units.fmt(strip.drive.power, strip.drive.powerValid, 0) + " " + qsTr("kW")
            font.pixelSize: Theme.fontLabel
            font.weight: Font.DemiBold
        }
        CText {
            anchors.right: parent.right
            text: qsTr("Power")
            color: Theme.drivePower
            font.pixelSize: Theme.fontSmall
        }
        PowerMeter {
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom; bottomMargin: 0 }
            height: 22
            power: strip.drive.power
            valid: strip.drive.powerValid
        }
    }

    readonly property bool charging: drive.chargingValid && drive.charging

    // --- charge and range -------------------------------------------------------------
    Row {
        id: chargeRow
        anchors { left: parent.left; right: parent.right; top: powerBlock.bottom; topMargin: 24
                  leftMargin: Theme.margin + 16; rightMargin: Theme.margin + 16 }
        spacing: 24
        Rectangle {
            id: batteryGauge
            anchors.verticalCenter: parent.verticalCenter
            width: 112; height: 48
            radius: 8
            color: "transparent"
            border.color: Theme.textSecondary
            border.width: Theme.borderWidth
            Rectangle {
                x: 5; y: 5
                height: parent.height - 10
                radius: 4
                width: strip.drive.stateOfChargeValid ? (parent.width - 10) * Math.max(0, Math.min(100, strip.drive.stateOfCharge)) / 100 : 0
                color: strip.drive.stateOfCharge < 15 ? Theme.danger : Theme.ok
            }
            Rectangle {
                anchors { left: parent.right; verticalCenter: parent.verticalCenter }
                width: 6; height: 18
                color: Theme.textSecondary
            }
        }
        Readout {
            objectName: "stateOfCharge"
            anchors.verticalCenter: parent.verticalCenter
            value: Units.fmt(strip.drive.stateOfCharge, strip.drive.stateOfChargeValid, 0)
            unit: "%"
            valueSize: Theme.fontValue
        }
        Readout {
            objectName: "range"
            anchors.verticalCenter: parent.verticalCenter
            value: Units.fmt(Units.distance(strip.drive.range), strip.drive.rangeValid, 0)
            unit: Units.distanceUnit
            valueSize: Theme.fontValue
        }
    }

    // --- ADAS state, or the charging while the car charges ------------------------------
    Rectangle {
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  leftMargin: Theme.margin; rightMargin: Theme.margin; bottomMargin: Theme.gap }
        height: 100
        radius: Theme.radius
        color: strip.charging ? Theme.accentSoft : Theme.surfaceRaised

        Row {
            objectName: "driveCharging"
            anchors.centerIn: parent
            spacing: Theme.gap
            visible: strip.charging
            Icon {
                anchors.verticalCenter: parent.verticalCenter
                width: 44; height: 44
                path: Icons.plug
                color: Theme.accent
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                CText {
                    objectName: "driveChargingTitle"
                    text: qsTr("Charging") + "  " + Units.fmt(strip.drive.chargePower, strip.drive.chargePowerValid, 0) + " kW"
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                }
                CText {
                    objectName: "driveChargingDetail"
                    text: qsTr("%1 % in %2").arg(Units.fmt(strip.drive.chargeLimit, strip.drive.chargeLimitValid, 0))
                                            .arg(Units.duration(strip.drive.timeToComplete, strip.drive.timeToCompleteValid))
                    color: Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                }
            }
        }

        Row {
            anchors.centerIn: parent
            visible: !strip.charging
            spacing: 36
            Readout {
                objectName: "cruiseSetSpeed"
                label: qsTr("Cruise")
                readonly property bool on: strip.adas.cruiseStateValid && (strip.adas.cruiseState === "ACTIVE" || strip.adas.cruiseState === "OVERRIDE")
                value: on ? Units.fmt(Units.speed(strip.adas.cruiseSetSpeed), strip.adas.cruiseSetSpeedValid, 0)
                          : (strip.adas.cruiseStateValid ? qsTr("Off") : Units.dash)
                unit: on ? Units.speedUnit : ""
                valueSize: Theme.fontTitle
                valueColor: on ? Theme.ok : Theme.textSecondary
            }
            Readout {
                objectName: "timeGap"
                label: qsTr("Gap")
                value: Units.fmt(strip.adas.timeGap, strip.adas.timeGapValid, 1)
                unit: qsTr("s")
                valueSize: Theme.fontTitle
            }
            Readout {
                objectName: "laneKeeping"
                label: qsTr("Lane keeping")
                value: strip.adas.laneKeepingStateValid ? laneKeepingText(strip.adas.laneKeepingState) : Units.dash
                valueSize: Theme.fontTitle
                readonly property string state: strip.adas.laneKeepingStateValid ? strip.adas.laneKeepingState : ""
                valueColor: state === "ACTIVE" || state === "INTERVENING" ? Theme.ok
                          : state === "FAULT" ? Theme.danger : Theme.textSecondary
                function laneKeepingText(state) {
                    switch (state) {
                    case "ACTIVE": return qsTr("On")
                    case "INTERVENING": return qsTr("Steering")
                    case "STANDBY": return qsTr("Standby")
                    case "FAULT": return qsTr("Fault")
                    default: return qsTr("Off")
                    }
                }
            }
        }
    }
}
