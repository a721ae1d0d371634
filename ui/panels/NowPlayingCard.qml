import QtQuick
import "../style"
import "../controls"
import "../assets"

// The track: playing in the car (title, artist and album, the position moving while it plays, a
// tap on the bar seeks) with previous / play-pause / next acting on the session (the phone and TV
// see each change through the protocol) and "Send to phone", or on the phone or a TV with "Take
// from phone" / "Play in the car". A track a phone or TV holds is shown as it reports it; the
// keys act on it there (a `control` message) when that device takes media control, and are shown
// disabled with where to control it when it does not. While a control waits for the holder's
// answer the keys wait too and the card says so: the state shown is always the holder's.
// Transport keys are not locked while driving (not a visual-manual task); handoff taps are locked
// above 8 km/h, shown disabled with the reason. A failed handoff is said on the card, and the track
// stays where it was. "Play on TV/speaker" lists the TVs and speakers nearby
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
    readonly property bool shown: inCar || onPhone
    readonly property bool controllable: shown && handoff.mediaControllable
    // A control on its way to the holder: taps wait for its answer (one command at a time), the
    // play/pause key keeps the state the holder last reported, and an answer slower than a
    // moment is said ("Waiting for ..."), so a quick round trip does not flash the card.
    readonly property bool pending: handoff !== null && handoff.mediaPending
    property bool waiting: false
    onPendingChanged: if (!pending) waiting = false
    Timer { interval: 400; running: card.pending; onTriggered: card.waiting = card.pending }
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
            text: card.shown ? card.handoff.title : ""
            // a long name steps down a size rather than lose its end
            font.pixelSize: text.length > 18 ? Theme.fontBody : Theme.fontTitle
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
            maximumLineCount: 2  // an absurd name from a phone is cut, never pushes the card apart
            elide: Text.ElideRight
        }
        CText {
            id: artistLine
            objectName: "artist"
            width: parent.width
            // In the car only: for a track elsewhere the card says where it plays instead (the
            // card has no room for both above the keys).
            visible: card.inCar
            // One calm line: "artist · album" when it fits, else the artist alone (an album name
            // broken over two lines reads as two things).
            readonly property string both: card.inCar ? card.handoff.artist + "  \u00B7  " + card.handoff.album : ""
            TextMetrics { id: bothWidth; font: artistLine.font; text: artistLine.both }
            text: !card.inCar ? "" : bothWidth.advanceWidth <= width || !card.handoff.album ? both
                                                                                            : card.handoff.artist
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            maximumLineCount: 1
            elide: Text.ElideRight  // an absurd artist name from a phone is cut, never wraps
        }
        // The position: a tap on the bar seeks there (the phone and TV see the new position).
        Item {
            objectName: "scrubber"
            visible: card.shown
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
                    width: card.shown && card.handoff.durationSeconds > 0
                           ? parent.width * Math.min(1, card.handoff.positionSeconds / card.handoff.durationSeconds) : 0
                }
            }
            CText {
                objectName: "mediaPosition"
                y: 30
                text: card.shown ? card.clock(card.handoff.positionSeconds) : ""
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
            }
            CText {
                objectName: "mediaDuration"
                y: 30
                anchors.right: parent.right
                text: card.shown ? card.clock(card.handoff.durationSeconds) : ""
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
            }
            MouseArea {
                objectName: "seekArea"
                anchors.fill: parent
                enabled: card.controllable && !card.pending && card.handoff.durationSeconds > 0
                onClicked: (mouse) => card.handoff.controlMedia("seek",
                               Math.max(0, Math.min(1, mouse.x / width)) * card.handoff.durationSeconds)
            }
        }
        CText {
            // Why the last handoff or control failed, a control waiting for its answer, paused, or
            // where the track is when not in the car (playing or paused, as its holder reports).
            objectName: "mediaStatus"
            width: parent.width
            visible: text !== ""
            text: !card.shown ? ""
                  : card.error !== "" ? card.error
                  : card.waiting ? (card.elsewhere !== "" ? qsTr("Waiting for %1…").arg(card.elsewhere)
                                                          : qsTr("Waiting for your phone…"))
                  : card.inCar ? (card.handoff.playing ? "" : qsTr("Paused"))
                  : card.offered ? qsTr("Continue here from your phone?")
                  : card.elsewhere !== "" ? (card.handoff.playing ? qsTr("Playing on %1").arg(card.elsewhere)
                                                                  : qsTr("Paused on %1").arg(card.elsewhere))
                  : card.handoff.playing ? qsTr("On your phone") : qsTr("Paused on your phone")
            color: card.error !== "" ? Theme.danger : Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        CText {
            // A holder that does not take media control: the keys are greyed, and this says where
            // the track can be controlled instead (never a key that pretends to work).
            objectName: "mediaControlNote"
            width: parent.width
            visible: text !== ""
            // Short, one line: the line above it has just said where "there" is.
            text: !card.onPhone || card.handoff.mediaControllable ? ""
                  : card.elsewhere !== "" ? qsTr("Control it there") : qsTr("Control it on your phone")
            color: Theme.textSecondary
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
        visible: card.shown && !card.choosing
        Repeater {
            model: [{ "name": "previous", "icon": Icons.previous },
                    { "name": "playPause", "icon": "" },
                    { "name": "next", "icon": Icons.next }]
            delegate: Rectangle {
                id: key
                required property var modelData
                objectName: "media_" + modelData.name
                readonly property bool main: modelData.name === "playPause"
                enabled: card.controllable && (modelData.name !== "next" || card.handoff.hasNextTrack)
                width: Theme.touchTarget; height: Theme.touchTarget
                radius: width / 2
                // Greyed when it cannot act (the holder takes no control, or nothing is queued).
                color: main ? (!key.enabled ? Theme.surfaceRaised : keyArea.pressed ? Theme.accentSoft : Theme.accent)
                            : (keyArea.pressed ? Theme.accentSoft : "transparent")
                border.color: main && key.enabled ? "transparent" : Theme.divider
                border.width: main && key.enabled ? 0 : Theme.borderWidth
                Icon {
                    anchors.centerIn: parent
                    width: 36; height: 36
                    filled: true
                    // The holder's reported state, never the one a tap would lead to.
                    path: key.main ? (card.shown && card.handoff.playing ? Icons.pause : Icons.play) : key.modelData.icon
                    color: key.main ? (key.enabled ? Theme.textOnAccent : Theme.textSecondary)
                                    : (key.enabled ? Theme.textPrimary : Theme.telltaleOff)
                }
                MouseArea {
                    id: keyArea
                    anchors.fill: parent
                    enabled: key.enabled && !card.pending
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
