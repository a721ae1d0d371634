import QtQuick
import "../style"
import "../controls"
import "../panels"
import "../assets"

// Drive: the road and the route are the centre. The road view (its own tone) and the route (the
// one card on the page) side by side; the track beside them on the background, quieter; the trip
// figures in one quiet line below, which gives its room to the route while one is being driven.
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

    readonly property real cardsWidth: width - scene.width - Theme.gap
    readonly property var handoff: services && services.handoff ? services.handoff : null
    readonly property bool guiding: handoff !== null && handoff.navigationActive === true && handoff.hasRoute === true
    readonly property real cardsBottom: guiding ? height : trip.y - Theme.gap
    Card {
        id: navigation
        anchors { left: scene.right; top: parent.top; leftMargin: Theme.gap; topMargin: Theme.gap }
        height: page.cardsBottom - Theme.gap
        width: Math.round((page.cardsWidth - Theme.marginLarge) * 0.62)
        NavigationCard {
            objectName: "navigationCard"
            anchors.fill: parent
            services: page.services
        }
    }
    // The track needs no box: space sets it apart from the route, and it stays quieter than it.
    // (Inset on the right as a card's content is, so the collision frame never runs over it.)
    Card {
        plain: true
        anchors { left: navigation.right; right: parent.right; top: parent.top
                  leftMargin: Theme.marginLarge; rightMargin: Theme.margin; topMargin: Theme.gap + Theme.gap }
        height: page.cardsBottom - Theme.gap - Theme.gap * 2
        NowPlayingCard {
            objectName: "nowPlayingCard"
            anchors.fill: parent
            services: page.services
        }
    }
    Item {
        objectName: "cardsRegion"  // where the two cards are (tests look them up inside it)
        anchors { left: scene.right; right: parent.right; top: parent.top; leftMargin: Theme.gap }
        height: page.cardsBottom
    }

    Row {
        id: trip
        objectName: "trip"
        anchors { left: scene.right; bottom: parent.bottom; leftMargin: Theme.gap + Theme.margin }
        height: 40
        spacing: Theme.marginLarge
        visible: !page.guiding
        Appear { target: trip }
        component TripFigure: Row {
            property alias label: caption.text
            property alias value: figure.text
            property string unit
            spacing: Theme.gapSmall
            CText { id: caption; anchors.baseline: figure.baseline; color: Theme.textSecondary; font.pixelSize: Theme.fontSmall }
            CText { id: figure; font.pixelSize: Theme.fontBody; font.weight: Theme.weightValue }
            CText { anchors.baseline: figure.baseline; text: parent.unit; visible: text !== ""
                    color: Theme.textSecondary; font.pixelSize: Theme.fontSmall }
        }
        TripFigure {
            objectName: "driveConsumption"
            label: qsTr("Consumption")
            value: Units.fmt(Units.consumption(page.drive.consumption), page.drive.consumptionValid, 1)
            unit: Units.consumptionUnit
        }
        TripFigure {
            objectName: "odometer"
            label: qsTr("Odometer")
            value: Units.fmt(Units.distance(page.drive.odometer), page.drive.odometerValid, 0)
            unit: Units.distanceUnit
        }
        TripFigure {
            objectName: "driveMode"
            label: qsTr("Mode")
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
