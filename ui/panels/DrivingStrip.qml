import QtQuick
import "../style"
import "../controls"
import "../assets"

// The driving strip, always visible: speed, gear, power, charge and range, and the ADAS state
// (while the car charges, the charging power and the time to the charge limit in its place).
// It sits on the background with no box round it: the one big number on the screen is the speed;
// the gear, the range and the rest step down from it in size and tone.
Item {
    id: strip
    required property QtObject drive
    required property QtObject adas

    readonly property real inset: Theme.margin + Theme.gap   // the strip's side margins

    // --- speed and gear ---------------------------------------------------------------
    CText {
        id: speed
        objectName: "speedValue"
        // The font's line box has room for CJK above the digits; pull it up so the digits, not
        // the empty leading, sit at the top of the strip.
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: 22 - 0.42 * Theme.fontSpeed }
        text: Units.fmt(Units.speed(strip.drive.speed), strip.drive.speedValid, 0)
        // A dash for a speed not known is dimmed and drawn smaller: at full size a dash is a slab of
        // light. (Scale, not size: the unit and the gears below do not move.)
        color: strip.drive.speedValid ? Theme.textPrimary : Theme.textTertiary
        scale: strip.drive.speedValid ? 1 : 0.5
        font.pixelSize: Theme.fontSpeed
        font.weight: Theme.weightValue
        font.features: { "tnum": 1 }   // tabular digits: the number does not wobble as it changes
    }
    CText {
        id: speedUnit
        objectName: "speedUnit"
        anchors { horizontalCenter: parent.horizontalCenter; top: speed.baseline; topMargin: 28 }  // clear of the digits' descent
        text: Units.speedUnit
        color: Theme.textSecondary
        font.pixelSize: Theme.fontBody
    }

    // P R N D as letters, the gear engaged bright with a bar under it, the others quiet: no boxes.
    Item {
        id: gears
        objectName: "gearSelector"
        anchors { horizontalCenter: parent.horizontalCenter; top: speedUnit.bottom; topMargin: Theme.gap }
        width: gearRow.width
        height: 64
        Row {
            id: gearRow
            spacing: 28
            Repeater {
                model: ["P", "R", "N", "D"]
                delegate: Item {
                    required property string modelData
                    readonly property bool selected: strip.drive.gearValid && strip.drive.gear === modelData
                    objectName: "gear_" + modelData
                    width: 56; height: 64
                    CText {
                        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top }
                        text: parent.modelData
                        color: parent.selected ? Theme.textPrimary : Theme.textTertiary
                        font.pixelSize: Theme.fontGear
                        font.weight: Font.Bold
                    }
                    Rectangle {
                        objectName: parent.objectName + "_indicator"
                        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom }
                        width: 32; height: Theme.indicatorHeight
                        radius: height / 2
                        color: Theme.accent
                        // The letter changes at once; the bar comes in under it.
                        opacity: parent.selected ? 1 : 0
                        Behavior on opacity { enabled: Theme.motion; NumberAnimation { duration: Theme.fade; easing.type: Easing.OutCubic } }
                    }
                }
            }
        }
    }

    // --- power ------------------------------------------------------------------------
    Item {
        id: powerBlock
        anchors { left: parent.left; right: parent.right; top: gears.bottom; topMargin: Theme.marginLarge
                  leftMargin: strip.inset; rightMargin: strip.inset }
        height: 60
        CText {
            text: qsTr("Regen")
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
        }
        CText {
            objectName: "powerValue"
            anchors.horizontalCenter: parent.horizontalCenter
            text: Units.fmt(strip.drive.power, strip.drive.powerValid, 0) + " " + qsTr("kW")
            font.pixelSize: Theme.fontLabel
            font.weight: Theme.weightValue
        }
        CText {
            anchors.right: parent.right
            text: qsTr("Power")
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
        }
        PowerMeter {
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            height: Theme.meterHeight
            power: strip.drive.power
            valid: strip.drive.powerValid
        }
    }

    readonly property bool charging: drive.chargingValid && drive.charging

    // --- range and charge ----------------------------------------------------------------
    // The range is what a driver asks of an EV; the charge beside it, and the bar under both.
    Item {
        id: energyBlock
        anchors { left: parent.left; right: parent.right; top: powerBlock.bottom; topMargin: Theme.marginLarge
                  leftMargin: strip.inset; rightMargin: strip.inset }
        height: rangeReadout.height + Theme.gapSmall + Theme.meterHeight
        Readout {
            id: rangeReadout
            objectName: "range"
            anchors { left: parent.left; top: parent.top }
            value: Units.fmt(Units.distance(strip.drive.range), strip.drive.rangeValid, 0)
            unit: Units.distanceUnit
            valueSize: Theme.fontValue
        }
        Readout {
            objectName: "stateOfCharge"
            anchors { right: parent.right; baseline: rangeReadout.baseline }
            value: Units.fmt(strip.drive.stateOfCharge, strip.drive.stateOfChargeValid, 0)
            unit: "%"
            valueSize: Theme.fontTitle
        }
        Rectangle {
            id: chargeBar
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            height: Theme.meterHeight
            radius: height / 2
            color: Theme.surfaceRaised
            Rectangle {
                height: parent.height
                radius: parent.radius
                readonly property real soc: Math.max(0, Math.min(100, strip.drive.stateOfCharge))
                width: strip.drive.stateOfChargeValid ? Math.max(height, parent.width * soc / 100) : 0
                color: strip.drive.stateOfCharge < 15 ? Theme.danger : strip.charging ? Theme.ok : Theme.charge
            }
        }
    }

    // --- ADAS state, or the charging while the car charges ------------------------------
    Item {
        id: footer
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  leftMargin: strip.inset; rightMargin: strip.inset; bottomMargin: Theme.margin }
        height: 84

        Row {
            id: chargingRow
            objectName: "driveCharging"
            anchors { left: parent.left; verticalCenter: parent.verticalCenter }
            spacing: Theme.gap
            visible: strip.charging
            Appear { target: chargingRow }
            Icon {
                anchors.verticalCenter: parent.verticalCenter
                width: 44; height: 44
                path: Icons.plug
                color: Theme.ok
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                CText {
                    objectName: "driveChargingTitle"
                    text: qsTr("Charging") + "  " + Units.fmt(strip.drive.chargePower, strip.drive.chargePowerValid, 0) + " kW"
                    font.pixelSize: Theme.fontTitle
                    font.weight: Theme.weightValue
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
            id: assistRow
            anchors { left: parent.left; verticalCenter: parent.verticalCenter }
            visible: !strip.charging
            Appear { target: assistRow }
            spacing: 40
            Readout {
                objectName: "cruiseSetSpeed"
                label: qsTr("Cruise")
                readonly property bool on: strip.adas.cruiseStateValid && (strip.adas.cruiseState === "ACTIVE" || strip.adas.cruiseState === "OVERRIDE")
                value: on ? Units.fmt(Units.speed(strip.adas.cruiseSetSpeed), strip.adas.cruiseSetSpeedValid, 0)
                          : (strip.adas.cruiseStateValid ? qsTr("Off") : Units.dash)
                unit: on ? Units.speedUnit : ""
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
                valueColor: on ? Theme.ok : Theme.textSecondary
            }
            Readout {
                objectName: "timeGap"
                label: qsTr("Gap")
                value: Units.fmt(strip.adas.timeGap, strip.adas.timeGapValid, 1)
                unit: qsTr("s")
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
            Readout {
                objectName: "laneKeeping"
                label: qsTr("Lane keeping")
                value: strip.adas.laneKeepingStateValid ? laneKeepingText(strip.adas.laneKeepingState) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
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
