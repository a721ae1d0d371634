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
    required property var parts

    AdasScene {
        id: scene
        objectName: "driveAdasScene"
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: Theme.gap }
        width: 440
        adas: page.adas
        detectedObjects: page.detectedObjects
    }

    // The slot for the navigation and now-playing cards (the handoff work fills it).
    Row {
        id: cards
        objectName: "cardsRegion"
        anchors { left: scene.right; right: parent.right; top: parent.top; bottom: trip.top
                  leftMargin: Theme.gap; topMargin: Theme.gap; bottomMargin: Theme.gap }
        spacing: Theme.gap
        Card {
            width: (cards.width - cards.spacing) / 2
            height: cards.height
            OptionalPart {
                objectName: "navigationCard"
                anchors.fill: parent
                available: page.parts.navigationCard === true
                source: Qt.resolvedUrl("../panels/NavigationCard.qml")
                services: page.services
                iconPath: Icons.drive
                emptyTitle: qsTr("Navigation")
                emptyDetail: qsTr("Start a route on your phone and it continues here.")
            }
        }
        Card {
            width: (cards.width - cards.spacing) / 2
            height: cards.height
            OptionalPart {
                objectName: "nowPlayingCard"
                anchors.fill: parent
                available: page.parts.nowPlayingCard === true
                source: Qt.resolvedUrl("../panels/NowPlayingCard.qml")
                services: page.services
                iconPath: Icons.devices
                emptyTitle: qsTr("Nothing playing")
                emptyDetail: qsTr("Music from a paired phone plays here.")
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
