import QtQuick
import "../style"
import "../controls"
import "../assets"

// The top strip, always visible: turn signals at the ends, the clock and the outside temperature
// inside them, and between them only the telltales that are lit, in their ISO 2575 colours (red:
// act now; amber: a fault or a caution; green: a function at work), as production clusters show
// them: a lamp that is off is not drawn. It sits on the background with no rule under it: the
// lamps are what stands out here, nothing else.
Item {
    id: bar
    required property QtObject drive
    required property QtObject adas
    required property QtObject telltales

    // Indicator lamps blink in step, like the relay in the car; steady when off.
    property bool blinkPhase: true
    readonly property bool leftOn: (drive.turnLeftValid && drive.turnLeft) || (drive.hazardValid && drive.hazard)
    readonly property bool rightOn: (drive.turnRightValid && drive.turnRight) || (drive.hazardValid && drive.hazard)
    Timer {
        interval: Theme.blinkInterval
        repeat: true
        running: bar.leftOn || bar.rightOn
        onRunningChanged: bar.blinkPhase = true
        onTriggered: bar.blinkPhase = !bar.blinkPhase
    }

    Icon {
        objectName: "turnLeft"
        anchors { left: parent.left; leftMargin: Theme.margin; verticalCenter: parent.verticalCenter }
        width: 56; height: 56
        path: Icons.arrowLeft
        filled: bar.leftOn && bar.blinkPhase
        color: bar.leftOn && bar.blinkPhase ? Theme.ok : Theme.telltaleOff
        readonly property bool signaling: bar.leftOn
    }

    // The clock: 24 h, or 12 h for English with imperial units (Units.clock24, from the settings).
    // One wake-up a minute, just after the minute turns, not one a second: an idle screen stays idle.
    property double now: Date.now()
    Timer {
        interval: 60000 - (bar.now % 60000) + 50
        running: true
        onTriggered: { bar.now = Date.now(); restart() }
    }
    CText {
        objectName: "clock"
        anchors { left: parent.left; leftMargin: Theme.margin + 56 + Theme.margin; verticalCenter: parent.verticalCenter }
        text: Units.clockTime(bar.now)
        font.pixelSize: Theme.fontTitle
        font.weight: Theme.weightValue
    }
    Row {
        objectName: "outsideTemperature"
        anchors { right: parent.right; rightMargin: Theme.margin + 56 + Theme.margin; verticalCenter: parent.verticalCenter }
        spacing: 4
        Icon {
            anchors.verticalCenter: parent.verticalCenter
            width: 32; height: 32
            path: Icons.thermometer
            color: Theme.textSecondary
        }
        CText {
            objectName: "outsideTemperatureValue"
            anchors.verticalCenter: parent.verticalCenter
            text: Units.fmt(Units.temperature(bar.drive.outsideTemperature), bar.drive.outsideTemperatureValid, 0)
                  + " " + Units.temperatureUnit
            color: Theme.textSecondary
            font.pixelSize: Theme.fontTitle
        }
    }

    Row {
        id: telltaleRow
        objectName: "telltales"
        anchors.centerIn: parent
        spacing: 28
        Telltale {
            objectName: "telltaleBus"
            iconPath: Icons.busOffline
            lit: bar.telltales.busOffline
            litColor: Theme.caution  // amber: a malfunction (the display cannot be trusted), not a hazard
            label: qsTr("CAN bus offline")
        }
        Telltale {
            objectName: "telltaleBattery"
            iconPath: Icons.battery
            lit: bar.telltales.batteryFault
            label: qsTr("Battery fault")
        }
        Telltale {
            objectName: "telltaleBrakes"
            iconPath: Icons.brake
            lit: bar.telltales.brakeFault
            label: qsTr("Brake fault")
        }
        Telltale {
            objectName: "telltaleAdas"
            iconPath: Icons.adas
            lit: bar.telltales.adasUnavailable
            litColor: Theme.caution
            label: qsTr("ADAS unavailable")
        }
        Telltale {
            objectName: "telltaleSeatbelt"
            iconPath: Icons.seatbelt
            lit: bar.drive.driverSeatedValid && bar.drive.driverSeated && bar.drive.driverBeltedValid && !bar.drive.driverBelted
            label: qsTr("Fasten seat belt")
        }
        Telltale {
            objectName: "telltaleDoor"
            iconPath: Icons.door
            lit: (bar.drive.driverDoorOpenValid && bar.drive.driverDoorOpen)
                 || (bar.drive.passengerDoorOpenValid && bar.drive.passengerDoorOpen)
                 || (bar.drive.rearLeftDoorOpenValid && bar.drive.rearLeftDoorOpen)
                 || (bar.drive.rearRightDoorOpenValid && bar.drive.rearRightDoorOpen)
                 || (bar.drive.trunkOpenValid && bar.drive.trunkOpen)
            litColor: Theme.caution
            label: qsTr("Door open")
        }
        Telltale {
            objectName: "telltaleAttention"
            iconPath: Icons.driverAttention
            lit: bar.adas.driverAttentionWarningValid && bar.adas.driverAttentionWarning
            litColor: Theme.caution
            label: qsTr("Take a break")
        }
        Telltale {
            objectName: "telltaleReady"
            iconPath: Icons.ready
            lit: bar.drive.readyValid && bar.drive.ready
            litColor: Theme.ok
            label: qsTr("Ready")
        }
    }

    Icon {
        objectName: "turnRight"
        anchors { right: parent.right; rightMargin: Theme.margin; verticalCenter: parent.verticalCenter }
        width: 56; height: 56
        path: Icons.arrowRight
        filled: bar.rightOn && bar.blinkPhase
        color: bar.rightOn && bar.blinkPhase ? Theme.ok : Theme.telltaleOff
        readonly property bool signaling: bar.rightOn
    }
}
