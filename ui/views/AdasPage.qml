import QtQuick
import "../style"
import "../controls"
import "../panels"

// ADAS: the top-down view, large, beside one quiet surface with the assistance systems' state and,
// under it, the warnings (each lit in its ISO colour, the others quiet tones without outlines).
Item {
    id: page
    required property QtObject adas
    required property QtObject drive
    required property var detectedObjects
    readonly property real roadViewWidth: scene.width   // the collision warning's banner starts after it
    readonly property QtObject a: adas

    AdasScene {
        id: scene
        objectName: "adasScene"
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: Theme.gap }
        width: 480
        adas: page.adas
        detectedObjects: page.detectedObjects
    }

    Card {
        id: assistance
        anchors { left: scene.right; right: parent.right; top: parent.top; bottom: parent.bottom
                  leftMargin: Theme.gap; topMargin: Theme.gap }
        component SectionTitle: CText {
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            font.weight: Theme.weightValue
        }
        SectionTitle {
            id: assistanceTitle
            text: qsTr("Driver assistance")
        }
        Grid {
            id: grid
            anchors { left: parent.left; right: parent.right; top: assistanceTitle.bottom; topMargin: Theme.gap }
            columns: 4
            rowSpacing: Theme.margin
            columnSpacing: Theme.gap
            readonly property real cell: (width - 3 * columnSpacing) / 4
            Readout {
                objectName: "adasCruiseState"; width: grid.cell
                label: qsTr("Cruise")
                value: page.a.cruiseStateValid ? stateText(page.a.cruiseState) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
                function stateText(s) {
                    switch (s) {
                    case "ACTIVE": return qsTr("Active")
                    case "STANDBY": return qsTr("Standby")
                    case "OVERRIDE": return qsTr("Override")
                    case "FAULT": return qsTr("Fault")
                    default: return qsTr("Off")
                    }
                }
            }
            Readout {
                objectName: "adasSetSpeed"; width: grid.cell
                label: qsTr("Set speed"); unit: Units.speedUnit
                // Cruise off: there is no set speed to show, so a dash, never "0".
                value: page.a.cruiseStateValid && page.a.cruiseState !== "OFF"
                       ? Units.fmt(Units.speed(page.a.cruiseSetSpeed), page.a.cruiseSetSpeedValid, 0) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
            Readout {
                objectName: "adasLeadDistance"; width: grid.cell
                label: qsTr("Lead vehicle"); unit: Units.shortDistanceUnit
                value: page.a.leadDetectedValid && page.a.leadDetected
                       ? Units.fmt(Units.shortDistance(page.a.leadDistance), page.a.leadDistanceValid, 0) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
            Readout {
                objectName: "adasTimeGap"; width: grid.cell
                label: qsTr("Time gap"); unit: qsTr("s")
                value: Units.fmt(page.a.timeGap, page.a.timeGapValid, 1)
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
            Readout {
                objectName: "adasLaneKeeping"; width: grid.cell
                label: qsTr("Lane keeping")
                value: page.a.laneKeepingStateValid ? stateText(page.a.laneKeepingState) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
                function stateText(s) {
                    switch (s) {
                    case "ACTIVE": return qsTr("Active")
                    case "INTERVENING": return qsTr("Steering")
                    case "STANDBY": return qsTr("Standby")
                    case "FAULT": return qsTr("Fault")
                    default: return qsTr("Off")
                    }
                }
            }
            Readout {
                objectName: "adasLaneQuality"; width: grid.cell
                label: qsTr("Lane detection"); unit: "%"
                value: Units.fmt(page.a.laneQuality, page.a.laneQualityValid, 0)
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
            Readout {
                objectName: "adasLeadSpeed"; width: grid.cell
                label: qsTr("Closing speed"); unit: Units.speedUnit
                value: page.a.leadDetectedValid && page.a.leadDetected
                       ? Units.fmt(Units.speed(Math.max(0, -page.a.leadRelativeSpeed)), page.a.leadRelativeSpeedValid, 0) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
            Readout {
                objectName: "adasObjects"; width: grid.cell
                label: qsTr("Objects")
                // The list's count is a signal like any other: a dash while the radar is not valid.
                value: page.detectedObjects && page.detectedObjects.countValid
                       ? String(page.detectedObjects.count) : Units.dash
                valueSize: Theme.fontTitle
                labelSize: Theme.fontSmall
            }
        }

        SectionTitle {
            id: warningsTitle
            anchors { top: grid.bottom; topMargin: Theme.marginLarge + Theme.gap }
            text: qsTr("Warnings")
        }
        Flow {
            anchors { left: parent.left; right: parent.right; top: warningsTitle.bottom; bottom: parent.bottom
                      topMargin: Theme.gap }
            spacing: Theme.gap
            component Chip: Rectangle {
                property string label
                property bool on: false
                // Not valid (stale, E2E failure, SNA): struck through, never a calm "no warning".
                property bool available: true
                property color tone: Theme.cautionFill
                property color ink: Theme.textOnCaution
                width: chipText.implicitWidth + 40
                height: 56
                radius: height / 2
                color: on ? tone : Theme.surfaceRaised
                CText {
                    id: chipText
                    anchors.centerIn: parent
                    text: parent.label
                    color: parent.on ? parent.ink : Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                    font.weight: Theme.weightValue
                    font.strikeout: !parent.available
                    opacity: parent.available ? 1.0 : 0.6
                }
            }
            Chip {
                objectName: "chipCollision"
                label: qsTr("Collision")
                available: page.a.collisionWarningValid
                on: page.a.collisionWarningValid && page.a.collisionWarning !== "NONE"
                tone: Theme.dangerFill
                ink: Theme.textOnDanger
            }
            Chip {
                objectName: "chipBlindSpotLeft"
                label: qsTr("Blind spot left")
                available: page.a.blindSpotLeftValid
                on: page.a.blindSpotLeftValid && page.a.blindSpotLeft
            }
            Chip {
                objectName: "chipBlindSpotRight"
                label: qsTr("Blind spot right")
                available: page.a.blindSpotRightValid
                on: page.a.blindSpotRightValid && page.a.blindSpotRight
            }
            Chip {
                objectName: "chipLaneDeparture"
                label: qsTr("Lane departure")
                available: page.a.laneDepartureWarningValid
                on: page.a.laneDepartureWarningValid && page.a.laneDepartureWarning
            }
            Chip {
                objectName: "chipAttention"
                label: qsTr("Driver attention")
                available: page.a.driverAttentionWarningValid
                on: page.a.driverAttentionWarningValid && page.a.driverAttentionWarning
            }
        }
    }
}
