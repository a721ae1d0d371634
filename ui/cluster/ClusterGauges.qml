import QtQuick
import "../style"
import "../controls"

// Gear on the left, the speed in the middle, charge and range on the right: each a dash while
// its signal may not be shown as true.
Item {
    id: gauges
    required property QtObject drive

    // --- gear ------------------------------------------------------------------------------
    Column {
        objectName: "clusterGear"
        anchors { left: parent.left; leftMargin: 160; verticalCenter: parent.verticalCenter }
        spacing: 8
        CText {
            objectName: "clusterGearValue"
            anchors.horizontalCenter: parent.horizontalCenter
            text: gauges.drive.gearValid ? gauges.drive.gear : Units.dash
            color: gauges.drive.gearValid ? Theme.accent : Theme.textSecondary
            font.pixelSize: Theme.fontValueLarge + 64
            font.weight: Font.Bold
        }
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 14
            Repeater {
                model: ["P", "R", "N", "D"]
                delegate: CText {
                    required property string modelData
                    text: modelData
                    color: gauges.drive.gearValid && gauges.drive.gear === modelData
                           ? Theme.textPrimary : Theme.telltaleOff
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                }
            }
        }
    }

    // --- speed -----------------------------------------------------------------------------
    CText {
        id: speed
        objectName: "clusterSpeedValue"
        anchors { horizontalCenter: parent.horizontalCenter; verticalCenter: parent.verticalCenter
                  verticalCenterOffset: -56 }
        text: Units.fmt(Units.speed(gauges.drive.speed), gauges.drive.speedValid, 0)
        font.pixelSize: Theme.fontSpeed + 96
        font.weight: Font.DemiBold
        font.features: { "tnum": 1 }
    }
    CText {
        objectName: "clusterSpeedUnit"
        // Below the digits' baseline by the font's descent, so the two never touch.
        anchors { horizontalCenter: parent.horizontalCenter; top: speed.baseline
                  topMargin: 0.22 * speed.font.pixelSize + 4 }
        text: Units.speedUnit
        color: Theme.textSecondary
        font.pixelSize: Theme.fontTitle
    }

    // --- charge and range --------------------------------------------------------------------
    Column {
        objectName: "clusterEnergy"
        anchors { right: parent.right; rightMargin: 140; verticalCenter: parent.verticalCenter }
        spacing: 10
        width: 320
        Row {
            anchors.right: parent.right
            spacing: 6
            CText {
                objectName: "clusterSocValue"
                text: Units.fmt(gauges.drive.stateOfCharge, gauges.drive.stateOfChargeValid, 0)
                font.pixelSize: Theme.fontValueLarge
                font.weight: Font.DemiBold
                font.features: { "tnum": 1 }
            }
            CText {
                anchors.baseline: parent.children[0].baseline
                text: "%"
                color: Theme.textSecondary
                font.pixelSize: Theme.fontLabel
            }
        }
        Rectangle {
            objectName: "clusterSocBar"
            width: parent.width; height: 14
            radius: 7
            color: Theme.telltaleOff
            Rectangle {
                width: gauges.drive.stateOfChargeValid
                       ? parent.width * Math.max(0, Math.min(100, gauges.drive.stateOfCharge)) / 100 : 0
                height: parent.height
                radius: parent.radius
                color: gauges.drive.stateOfCharge < 15 ? Theme.caution : Theme.ok
            }
        }
        Row {
            anchors.right: parent.right
            spacing: 6
            CText {
                objectName: "clusterRangeValue"
                text: Units.fmt(Units.distance(gauges.drive.range), gauges.drive.rangeValid, 0)
                font.pixelSize: Theme.fontValueLarge
                font.weight: Font.DemiBold
                font.features: { "tnum": 1 }
            }
            CText {
                anchors.baseline: parent.children[0].baseline
                text: Units.distanceUnit
                color: Theme.textSecondary
                font.pixelSize: Theme.fontLabel
            }
        }
    }
}
