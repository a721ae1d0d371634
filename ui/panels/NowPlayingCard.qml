import QtQuick
import "../style"
import "../controls"
import "../assets"

// The track: playing in the car (title, artist and album, the position moving while it plays)
// with "Send to phone", or on the phone with "Take from phone". A failed handoff is said on the
// card, and the track stays where it was. Reads `services.handoff` (a HandoffModel).
Item {
    id: card
    property var services: ({})
    readonly property QtObject handoff: services && services.handoff ? services.handoff : null
    readonly property bool inCar: handoff !== null && handoff.mediaActive
    readonly property bool onPhone: handoff !== null && !inCar && handoff.phoneHasMedia
    readonly property bool offered: onPhone && handoff.offerPending
    readonly property string error: handoff !== null ? handoff.mediaError : ""

    function clock(seconds) {
        var s = Math.max(0, Math.floor(seconds))
        return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2)
    }

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
        objectName: "nowPlayingDetails"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 6
        visible: card.inCar || card.onPhone
        CText {
            objectName: "title"
            width: parent.width
            text: card.inCar ? card.handoff.title : (card.onPhone ? card.handoff.phoneTitle : "")
            // a long name steps down a size rather than lose its end
            font.pixelSize: text.length > 24 ? Theme.fontBody : Theme.fontTitle
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        CText {
            objectName: "artist"
            width: parent.width
            visible: card.inCar
            text: card.inCar ? card.handoff.artist + "  \u00B7  " + card.handoff.album : ""
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        Rectangle {
            objectName: "progress"
            visible: card.inCar
            width: parent.width
            height: 8
            radius: 4
            color: Theme.divider
            Rectangle {
                height: parent.height
                radius: parent.radius
                color: Theme.accent
                width: card.inCar && card.handoff.durationSeconds > 0
                       ? parent.width * Math.min(1, card.handoff.positionSeconds / card.handoff.durationSeconds) : 0
            }
        }
        CText {
            // Where we are in the track, or why the last handoff failed.
            objectName: "mediaStatus"
            width: parent.width
            text: card.error !== "" ? card.error
                  : card.inCar ? card.clock(card.handoff.positionSeconds) + " / "
                                 + card.clock(card.handoff.durationSeconds)
                                 + (card.handoff.playing ? "" : "  \u00B7  " + qsTr("Paused"))
                  : card.offered ? qsTr("Continue here from your phone?") : qsTr("On your phone")
            color: card.error !== "" ? Theme.danger : Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
    }

    EmptyState {
        objectName: "nowPlayingEmpty"
        anchors.fill: parent
        visible: !card.inCar && !card.onPhone
        iconPath: Icons.devices
        title: qsTr("Nothing playing")
        detail: qsTr("Music from a paired phone plays here.")
    }

    ActionButton {
        objectName: card.inCar ? "sendMediaToPhone" : "takeMediaFromPhone"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        visible: card.inCar || card.onPhone
        enabled: card.handoff !== null && !card.handoff.busy && (card.onPhone || card.handoff.phoneConnected)
        label: card.inCar ? qsTr("Send to phone") : qsTr("Take from phone")
        onClicked: card.inCar ? card.handoff.sendToPhone("media") : card.handoff.takeFromPhone("media")
    }
}
