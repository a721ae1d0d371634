import QtQuick
import "../style"
import "../controls"
import "../assets"

// The route. In the car with its geometry: the next maneuver and its distance on top, the route
// drawn as a vector view, and the arrival below it (the clock time from the route's own timing,
// the distance and time left, the charge the car will arrive with), with "Send to phone". On the
// phone: "Take from phone". When the car arrives it says so, and the route ends. Handoff taps are
// locked above 8 km/h, shown disabled with the reason. Reads `services.handoff` (a HandoffModel);
// without it, or with no route anywhere, a calm empty state.
Item {
    id: card
    property var services: ({})
    readonly property QtObject handoff: services && services.handoff ? services.handoff : null
    readonly property bool inCar: handoff !== null && handoff.navigationActive
    readonly property bool onPhone: handoff !== null && !inCar && handoff.phoneHasNavigation
    readonly property bool offered: onPhone && handoff.offerPending
    readonly property bool guiding: inCar && handoff.hasRoute
    readonly property bool arrived: handoff !== null && !inCar && handoff.arrivedAt !== ""
    readonly property bool locked: handoff !== null && handoff.lockedOut
    readonly property bool low: inCar && handoff.arrivalChargeValid && handoff.arrivalBelowReserve
    readonly property string error: handoff !== null ? handoff.navigationError : ""

    function maneuverIcon(action) {
        switch (action) {
        case "turn_left": return Icons.turnLeft
        case "turn_right": return Icons.turnRight
        case "slight_left": case "keep_left": return Icons.slightLeft
        case "slight_right": case "keep_right": return Icons.slightRight
        case "sharp_left": return Icons.sharpLeft
        case "sharp_right": return Icons.sharpRight
        case "uturn": return Icons.uturn
        case "roundabout": return Icons.roundabout
        case "arrive": return Icons.arrive
        default: return Icons.straight
        }
    }
    function maneuverWords(action) {
        switch (action) {
        case "turn_left": return qsTr("Turn left")
        case "turn_right": return qsTr("Turn right")
        case "slight_left": return qsTr("Bear left")
        case "slight_right": return qsTr("Bear right")
        case "keep_left": return qsTr("Keep left")
        case "keep_right": return qsTr("Keep right")
        case "sharp_left": return qsTr("Sharp left")
        case "sharp_right": return qsTr("Sharp right")
        case "uturn": return qsTr("Make a U-turn")
        case "roundabout": return qsTr("At the roundabout")
        case "arrive": return qsTr("Arrive")
        default: return qsTr("Continue")
        }
    }

    // --- the next maneuver ---------------------------------------------------------------------
    Item {
        id: banner
        objectName: "maneuver"
        anchors { left: parent.left; right: etaColumn.left; rightMargin: Theme.gap; top: parent.top }
        height: card.guiding ? Math.max(72, maneuverTexts.implicitHeight) : 0
        visible: card.guiding
        Icon {
            id: maneuverArrow
            objectName: "maneuverIcon"
            width: 64; height: 64
            anchors.verticalCenter: parent.verticalCenter
            path: card.guiding ? card.maneuverIcon(card.handoff.nextManeuver) : ""
            color: Theme.textPrimary
            strokeWidth: 2.6
        }
        Column {
            id: maneuverTexts
            anchors { left: maneuverArrow.right; right: parent.right; leftMargin: Theme.gap
                      verticalCenter: parent.verticalCenter }
            CText {
                objectName: "maneuverDistance"
                text: card.guiding ? Units.maneuverDistance(card.handoff.nextManeuverKm, card.handoff.nextManeuver !== "") : ""
                font.pixelSize: Theme.fontValue
                font.weight: Theme.weightValue
            }
            CText {
                objectName: "maneuverRoad"
                width: parent.width
                text: card.guiding ? card.maneuverWords(card.handoff.nextManeuver)
                                     + (card.handoff.nextManeuverRoad !== "" ? "  \u00B7  " + card.handoff.nextManeuverRoad : "")
                                   : ""
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
                maximumLineCount: 3  // an absurd name from a phone is cut, never pushes the card apart
                elide: Text.ElideRight
            }
        }
    }

    RouteView {
        objectName: "routeView"
        anchors { left: parent.left; right: parent.right; top: banner.bottom; bottom: warning.top
                  topMargin: 4; bottomMargin: 4 }
        visible: card.guiding
        line: card.guiding ? card.handoff.routeLine : []
        done: card.guiding ? card.handoff.routeDone : []
        car: card.guiding ? card.handoff.carPoint : Qt.point(0, 0)
        box: card.guiding ? card.handoff.routeSize : Qt.size(0, 0)
    }

    // --- without geometry, or on the phone: the destination in words -----------------------------
    Column {
        id: navigationDetails
        objectName: "navigationDetails"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 6
        visible: (card.inCar && !card.guiding) || card.onPhone || card.arrived
        CText {
            objectName: "navigationStatus"
            width: parent.width
            // The driver just sat in and switched on: the route on the phone is offered with one tap.
            text: card.error !== "" ? card.error
                  : card.arrived ? qsTr("You have arrived")
                  : card.inCar ? qsTr("Navigation")
                  : card.offered ? qsTr("Continue here from your phone?") : qsTr("On your phone")
            color: card.error !== "" ? Theme.danger : card.arrived ? Theme.ok : Theme.textSecondary
            font.pixelSize: card.error !== "" ? Theme.fontSmall : Theme.fontLabel
            wrapMode: Text.WordWrap
        }
        CText {
            objectName: "destination"
            width: parent.width
            text: card.arrived ? card.handoff.arrivedAt
                  : card.inCar ? card.handoff.destinationName : (card.onPhone ? card.handoff.phoneDestination : "")
            // a long name steps down a size rather than lose its end
            font.pixelSize: text.length > 24 ? Theme.fontBody : Theme.fontTitle
            font.weight: Theme.weightValue
            wrapMode: Text.WordWrap
            maximumLineCount: 2  // an absurd name from a phone is cut, never pushes the card apart
            elide: Text.ElideRight
        }
    }

    // --- arrival: clock time and what is left (top right), the charge on arrival (bottom) ---------
    Column {
        id: etaColumn
        objectName: "arrival"
        // Beside the maneuver while guiding; under the destination for a route without geometry.
        // (Positions, not anchors: anchors switched by a binding can leave the width stretched.)
        x: card.guiding ? card.width - width : 0
        y: card.guiding ? 0 : navigationDetails.y + navigationDetails.height + Theme.gap
        visible: card.inCar
        spacing: 0
        CText {
            objectName: "eta"
            anchors.right: parent.right
            text: card.inCar ? Units.clockTime(card.handoff.etaEpochMs) : ""
            // A step below the maneuver's distance: the next turn is what the driver needs first.
            font.pixelSize: Theme.fontTitle
            font.weight: Theme.weightValue
        }
        CText {
            id: remaining
            objectName: "remaining"
            anchors.right: parent.right
            text: card.inCar
                  ? Units.fmt(Units.distance(card.handoff.remainingKm), true, 1) + " " + Units.distanceUnit
                    + "  \u00B7  " + Units.duration(card.handoff.remainingSeconds, true)
                  : ""
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
        }
        // The charge the car will arrive with, beside the ETA (a dash when a signal is not valid).
        CText {
            objectName: "arrivalCharge"
            anchors.right: parent.right
            visible: card.inCar
            text: card.inCar ? qsTr("%1 % on arrival").arg(Units.fmt(card.handoff.arrivalCharge,
                                                                      card.handoff.arrivalChargeValid, 0)) : ""
            color: card.low ? Theme.caution : Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            font.weight: card.low ? Theme.weightValue : Theme.weightLabel
        }
    }

    EmptyState {
        objectName: "navigationEmpty"
        anchors.fill: parent
        visible: !card.inCar && !card.onPhone && !card.arrived
        iconPath: Icons.drive
        title: qsTr("No route")
        detail: qsTr("Start a route on your phone, then take it here.")
    }

    // Below the reserve: the warning with a suggestion, across the card, over the bottom row.
    Rectangle {
        id: warning
        objectName: "arrivalWarning"
        anchors { left: parent.left; right: parent.right; bottom: actions.top; bottomMargin: card.low ? Theme.gap / 2 : 0 }
        height: card.low ? warningText.implicitHeight + Theme.gap : 0
        visible: card.low
        radius: Theme.radiusSmall
        color: Theme.cautionFill
        Appear { target: warning }
        CText {
            id: warningText
            objectName: "arrivalWarningText"
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                      leftMargin: Theme.gap; rightMargin: Theme.gap }
            text: card.low ? qsTr("Under your %1 % reserve on arrival. Charge %2 kWh on the way, or drive in Eco.")
                              .arg(card.handoff.reservePercent.toFixed(0))
                              .arg(Math.max(1, Math.ceil(card.handoff.arrivalShortfallKwh))) : ""
            color: Theme.textOnCaution
            font.pixelSize: Theme.fontSmall
            font.weight: Theme.weightValue
            wrapMode: Text.WordWrap
        }
    }

    // A failed handoff while guiding, and the handoff button (with the lockout's reason inside
    // it), in one row along the bottom.
    Item {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        visible: card.inCar || card.onPhone
        height: Math.max(handoffButton.height, notes.visible ? notes.implicitHeight : 0)
        Column {
            id: notes
            anchors { left: parent.left; right: handoffButton.left; rightMargin: Theme.gap
                      verticalCenter: parent.verticalCenter }
            CText {
                objectName: "navigationGuidanceError"  // while guiding, a failed handoff is said here
                width: parent.width
                visible: card.guiding && card.error !== ""
                text: visible ? card.error : ""
                color: Theme.danger
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
        ActionButton {
            id: handoffButton
            objectName: card.inCar ? "sendNavigationToPhone" : "takeNavigationFromPhone"
            anchors { right: parent.right; verticalCenter: parent.verticalCenter }
            width: card.inCar ? Math.min(implicitWidth, actions.width * 0.62) : actions.width
            enabled: card.handoff !== null && !card.handoff.busy && !card.locked
                     && (card.onPhone || card.handoff.phoneConnected)
            label: card.inCar ? qsTr("Send to phone") : qsTr("Take from phone")
            note: card.locked ? card.handoff.lockReason : ""
            onClicked: card.inCar ? card.handoff.sendToPhone("navigation") : card.handoff.takeFromPhone("navigation")
        }
    }
}
