import QtQuick
import "../style"
import "../controls"
import "../assets"

// The track: playing in the car (title, artist and album, the position moving while it plays, a
// tap on the bar seeks) with previous / play-pause / next acting on the session (the phone and TV
// see each change through the protocol) and "Send to phone", or on the phone with "Take from
// phone". Handoff taps are locked above 8 km/h, shown disabled with the reason. A failed handoff is said on the
// card, and the track stays where it was. "Play on TV/speaker" lists the TVs and speakers nearby
// (`services.devices`, a DevicesModel) and hands the track to the one chosen; those without our
// handoff (a Cast-only TV) are listed as not reachable, never offered; each target's `state` is the
// DevicesModel's (joined in Python with the handoff). Reads `services.handoff`.
Item {
    id: card
    property var services: ({})
    readonly property QtObject handoff: services && services.handoff ? services.handoff : null
    readonly property bool inCar: handoff !== null && handoff.mediaActive
    readonly property bool onPhone: handoff !== null && !inCar && handoff.phoneHasMedia
    readonly property bool offered: onPhone && handoff.offerPending
    readonly property string error: handoff !== null ? handoff.mediaError : ""
    readonly property bool locked: handoff !== null && handoff.lockedOut
    readonly property var devices: services && services.devices && services.devices.mediaTargets !== undefined
                                   ? services.devices : null
    readonly property var targets: devices !== null ? devices.mediaTargets : []
    // Where the track is when it is not in the car: "" for the phone, else the TV's or speaker's name.
    readonly property string elsewhere: onPhone ? handoff.mediaHolderName : ""
    property bool choosing: false
    onInCarChanged: if (!inCar) choosing = false

    function targetWords(state) {
        switch (state) {
        case "ready": return qsTr("Tap to play here")
        case "offline": return qsTr("Paired, not connected")
        case "unpaired": return qsTr("Pair on Devices first")
        default: return qsTr("No handoff support")
        }
    }

    function clock(seconds) {
        var s = Math.max(0, Math.floor(seconds))
        return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2)
    }

    Column {
        objectName: "nowPlayingDetails"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 6
        visible: (card.inCar || card.onPhone) && !card.choosing  // the chooser takes the whole card
        CText {
            objectName: "title"
            width: parent.width
            text: card.inCar ? card.handoff.title : (card.onPhone ? card.handoff.phoneTitle : "")
            // a long name steps down a size rather than lose its end
            font.pixelSize: text.length > 18 ? Theme.fontBody : Theme.fontTitle
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
            maximumLineCount: 2  // an absurd name from a phone is cut, never pushes the card apart
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
            maximumLineCount: 2  // an absurd name from a phone is cut, never pushes the card apart
            elide: Text.ElideRight
        }
        // The position: a tap on the bar seeks there (the phone and TV see the new position).
        Item {
            objectName: "scrubber"
            visible: card.inCar
            width: parent.width
            height: Theme.touchTarget
            Rectangle {
                objectName: "progress"
                y: 14
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
                objectName: "mediaPosition"
                y: 30
                text: card.inCar ? card.clock(card.handoff.positionSeconds) : ""
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
            }
            CText {
                objectName: "mediaDuration"
                y: 30
                anchors.right: parent.right
                text: card.inCar ? card.clock(card.handoff.durationSeconds) : ""
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
            }
            MouseArea {
                objectName: "seekArea"
                anchors.fill: parent
                enabled: card.inCar && card.handoff.durationSeconds > 0
                onClicked: (mouse) => card.handoff.controlMedia("seek",
                               Math.max(0, Math.min(1, mouse.x / width)) * card.handoff.durationSeconds)
            }
        }
        CText {
            // Why the last handoff failed, paused, or where the track is when not in the car.
            objectName: "mediaStatus"
            width: parent.width
            visible: text !== ""
            text: card.error !== "" ? card.error
                  : card.inCar ? (card.handoff.playing ? "" : qsTr("Paused"))
                  : card.elsewhere !== "" ? qsTr("Playing on %1").arg(card.elsewhere)
                  : card.offered ? qsTr("Continue here from your phone?") : qsTr("On your phone")
            color: card.error !== "" ? Theme.danger : Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
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

    // Transport: previous (or start again), play/pause, next (only with a queued track: honest).
    Row {
        id: transport
        objectName: "transport"
        anchors { horizontalCenter: parent.horizontalCenter; bottom: actions.top; bottomMargin: Theme.gap }
        spacing: Theme.gap
        visible: card.inCar && !card.choosing
        Repeater {
            model: [{ "name": "previous", "icon": Icons.previous },
                    { "name": "playPause", "icon": "" },
                    { "name": "next", "icon": Icons.next }]
            delegate: Rectangle {
                id: key
                required property var modelData
                objectName: "media_" + modelData.name
                readonly property bool main: modelData.name === "playPause"
                enabled: card.inCar && (modelData.name !== "next" || card.handoff.hasNextTrack)
                width: Theme.touchTarget; height: Theme.touchTarget
                radius: width / 2
                color: main ? (keyArea.pressed ? Theme.accentSoft : Theme.accent)
                            : (keyArea.pressed ? Theme.accentSoft : "transparent")
                border.color: main ? "transparent" : Theme.divider
                border.width: main ? 0 : Theme.borderWidth
                Icon {
                    anchors.centerIn: parent
                    width: 36; height: 36
                    filled: true
                    path: key.main ? (card.inCar && card.handoff.playing ? Icons.pause : Icons.play) : key.modelData.icon
                    color: key.main ? Theme.textOnAccent : key.enabled ? Theme.textPrimary : Theme.telltaleOff
                }
                MouseArea {
                    id: keyArea
                    anchors.fill: parent
                    enabled: key.enabled
                    onClicked: card.handoff.controlMedia(key.main ? (card.handoff.playing ? "pause" : "play")
                                                                  : key.modelData.name)
                }
            }
        }
    }

    Column {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        spacing: Theme.gap / 2
        visible: (card.inCar || card.onPhone) && !card.choosing
        ActionButton {
            objectName: card.inCar ? "sendMediaToPhone" : "takeMediaFromPhone"
            width: actions.width
            enabled: card.handoff !== null && !card.handoff.busy && !card.locked
                     && (card.onPhone || card.handoff.phoneConnected)
            label: card.inCar ? qsTr("Send to phone")
                   : card.elsewhere !== "" ? qsTr("Play in the car") : qsTr("Take from phone")
            note: card.locked ? card.handoff.lockReason : ""
            onClicked: card.inCar ? card.handoff.sendToPhone("media") : card.handoff.takeFromPhone("media")
        }
        ActionButton {
            id: playOn
            objectName: "playOnDevice"
            quiet: true  // outlined: the phone stays the usual way out, the TV the other choice
            visible: card.inCar && card.targets.length > 0
            width: actions.width
            enabled: card.handoff !== null && !card.handoff.busy && !card.locked
            label: qsTr("Play on TV/speaker")
            note: card.locked ? card.handoff.lockReason : ""
            onClicked: card.choosing = true
        }
    }

    // --- the chooser: every TV and speaker nearby, over the card ----------------------------------
    Rectangle {
        objectName: "mediaTargets"
        anchors.fill: parent
        visible: card.choosing && card.inCar
        color: Theme.surface
        z: 2
        MouseArea { anchors.fill: parent }  // taps on the gaps must not reach the buttons below

        CText {
            id: chooserTitle
            anchors { left: parent.left; right: cancel.left; rightMargin: Theme.gap
                      verticalCenter: cancel.verticalCenter }
            text: qsTr("Play on")
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
        }
        ActionButton {
            id: cancel
            objectName: "cancelPlayOn"
            anchors { right: parent.right; top: parent.top }
            quiet: true
            label: qsTr("Cancel")
            onClicked: card.choosing = false
        }
        ListView {
            id: targetList
            anchors { left: parent.left; right: parent.right; top: cancel.bottom; bottom: parent.bottom
                      topMargin: Theme.gap }
            clip: true
            spacing: 8
            boundsBehavior: Flickable.StopAtBounds
            model: card.targets
            delegate: Rectangle {
                id: target
                required property var modelData
                readonly property string state_: card.handoff !== null ? modelData.state : "unreachable"
                objectName: "mediaTarget_" + modelData.deviceId
                width: targetList.width
                height: Math.max(Theme.touchTarget, targetTexts.implicitHeight + Theme.gap)
                radius: Theme.radius
                color: target.state_ === "ready" ? (tapArea.pressed ? Theme.accentSoft : Theme.surfaceRaised)
                                                 : "transparent"
                border.color: target.state_ === "ready" ? Theme.accent : Theme.divider
                border.width: 1
                Column {
                    id: targetTexts
                    anchors { left: parent.left; right: parent.right; margins: Theme.gap
                              verticalCenter: parent.verticalCenter }
                    CText {
                        width: parent.width
                        text: target.modelData.name
                        font.weight: Font.DemiBold
                        color: target.state_ === "ready" ? Theme.textPrimary : Theme.textSecondary
                        wrapMode: Text.Wrap
                    }
                    CText {
                        objectName: target.objectName + "_state"
                        width: parent.width
                        text: card.targetWords(target.state_)
                        color: target.state_ === "ready" ? Theme.accent : Theme.textSecondary
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                }
                MouseArea {
                    id: tapArea
                    anchors.fill: parent
                    // Only a device that can really take the track is tappable: no fake action.
                    enabled: target.state_ === "ready"
                    onClicked: {
                        card.choosing = false
                        card.handoff.playOn(target.modelData.deviceId)
                    }
                }
            }
        }
    }
}
