import QtQuick
import "../style"
import "../controls"
import "../assets"

// The route: in the car (destination, distance and time left, moving as the car drives) with
// "Send to phone", or on the phone with "Take from phone". A failed handoff is said on the card,
// and the route stays where it was. Reads `services.handoff` (a HandoffModel); without it, or with
// no route anywhere, a calm empty state.
Item {
    id: card
    property var services: ({})
    readonly property QtObject handoff: services && services.handoff ? services.handoff : null
    readonly property bool inCar: handoff !== null && handoff.navigationActive
    readonly property bool onPhone: handoff !== null && !inCar && handoff.phoneHasNavigation
    readonly property bool offered: onPhone && handoff.offerPending
    readonly property string error: handoff !== null ? handoff.navigationError : ""

    component ActionButton: Rectangle {
        id: action
        property string label
        signal clicked()
        implicitHeight: Theme.touchTarget
        radius: Theme.radius
        color: !enabled ? Theme.surfaceRaised : (area.pressed ? Theme.accentSoft : Theme.accent)
        CText {
            anchors.centerIn: parent
            text: action.label
            color: action.enabled ? Theme.textOnAccent : Theme.textSecondary
            font.weight: Font.DemiBold
        }
        MouseArea { id: area; anchors.fill: parent; enabled: action.enabled; onClicked: action.clicked() }
    }

    Column {
        objectName: "navigationDetails"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 6
        visible: card.inCar || card.onPhone
        CText {
            objectName: "navigationStatus"
            width: parent.width
            // The driver just sat in and switched on: the route on the phone is offered with one tap.
            text: card.error !== "" ? card.error
                  : card.inCar ? qsTr("Navigation")
                  : card.offered ? qsTr("Continue here from your phone?") : qsTr("On your phone")
            color: card.error !== "" ? Theme.danger : Theme.textSecondary
            font.pixelSize: card.error !== "" ? Theme.fontSmall : Theme.fontLabel
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        CText {
            objectName: "destination"
            width: parent.width
            text: card.inCar ? card.handoff.destinationName : (card.onPhone ? card.handoff.phoneDestination : "")
            // a long name steps down a size rather than lose its end
            font.pixelSize: text.length > 24 ? Theme.fontBody : Theme.fontTitle
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        CText {
            objectName: "remaining"
            width: parent.width
            visible: card.inCar
            text: card.inCar
                  ? Units.fmt(Units.distance(card.handoff.remainingKm), true, 1) + " " + Units.distanceUnit
                    + "  \u00B7  " + Units.duration(card.handoff.remainingSeconds, true)
                  : ""
            font.pixelSize: Theme.fontTitle
        }
    }

    EmptyState {
        objectName: "navigationEmpty"
        anchors.fill: parent
        visible: !card.inCar && !card.onPhone
        iconPath: Icons.drive
        title: qsTr("Navigation")
        detail: qsTr("Start a route on your phone and it continues here.")
    }

    ActionButton {
        objectName: card.inCar ? "sendNavigationToPhone" : "takeNavigationFromPhone"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        visible: card.inCar || card.onPhone
        enabled: card.handoff !== null && !card.handoff.busy && (card.onPhone || card.handoff.phoneConnected)
        label: card.inCar ? qsTr("Send to phone") : qsTr("Take from phone")
        onClicked: card.inCar ? card.handoff.sendToPhone("navigation") : card.handoff.takeFromPhone("navigation")
    }
}
