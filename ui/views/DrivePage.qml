import QtQuick
import "../style"
import "../controls"
import "../panels"
import "../assets"

// Drive: the ADAS view beside the navigation and now-playing cards, and the trip figures.
Item {
    id: page
    required property QtObject adas
    required property QtObject drive
    required property var detectedObjects
    readonly property real roadViewWidth: scene.width   // the collision warning's banner starts after it
    required property var services

    AdasScene {
        id: scene
        objectName: "driveAdasScene"
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: Theme.gap }
        width: 440
        adas: page.adas
        detectedObjects: page.detectedObjects
    }

    // The navigation and now-playing cards (each shows its waiting state until the handoff runs).
    Row {
        id: cards
        objectName: "cardsRegion"
        anchors { left: scene.right; right: parent.right; top: parent.top; bottom: trip.top
                  leftMargin: Theme.gap; topMargin: Theme.gap; bottomMargin: Theme.gap }
        spacing: Theme.gap
        Card {
            width: (cards.width - cards.spacing) / 2
            height: cards.height
            NavigationCard {
                objectName: "navigationCard"
                anchors.fill: parent
                services: page.services
            }
        }
        Card {
            width: (cards.width - cards.spacing) / 2
            height: cards.height
            NowPlayingCard {
                objectName: "nowPlayingCard"
                anchors.fill: parent
                services: page.services
            }
        }
    }

    Card {
        id: trip
        anchors { left: scene.right; right: parent.right; bottom: parent.bottom; leftMargin: Theme.gap }
        height: 136
        Row {
            anchors.verticalCenter: parent.verticalCenter
            spacing: 56
            Readout {
                objectName: "driveConsumption"
                label: qsTr("Consumption")
                value: Units.fmt(Units.consumption(page.drive.consumption), page.drive.consumptionValid, 1)
                unit: Units.consumptionUnit
            }
            Readout {
                objectName: "odometer"
                label: qsTr("Odometer")
                value: Units.fmt(Units.distance(page.drive.odometer), page.drive.odometerValid, 0)
                unit: Units.distanceUnit
            }
            Readout {
                objectName: "driveMode"
                label: qsTr("Drive mode")
                value: page.drive.performanceModeValid ? modeText(page.drive.performanceMode) : Units.dash
                function modeText(mode) {
                    switch (mode) {
                    case "ECONOMY": return qsTr("Eco")
                    case "SPORT": return qsTr("Sport")
                    case "SNOW": return qsTr("Snow")
                    default: return qsTr("Normal")
                    }
                }
            }
        }
    }
}
