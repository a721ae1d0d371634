import QtQuick
import "../style"
import "../controls"
import "../assets"

// Devices: what discovery finds near the car. Kind filter chips on top; the list (paired devices
// first and marked, an icon per kind, name, model, how recently seen) on the left; the selected
// device's details and the handoff actions it accepts on the right. `services.devices` is a
// DevicesModel (cockpit/hmi/devices_model.py); without it the page says discovery is not running.
Item {
    id: page
    property var services: ({})
    // Only a DevicesModel (it has `kinds`) is used; anything else counts as discovery not running.
    readonly property var devices: services && services.devices && services.devices.kinds !== undefined
                                   ? services.devices : null
    readonly property var selected: devices ? devices.selected : ({})
    readonly property bool hasSelection: selected !== undefined && selected.deviceId !== undefined
    // The handoff (a HandoffModel) runs the actions; the DevicesModel says which the selected device
    // offers (`selected.actions`, joined in Python with what the handoff knows) and why none
    // (`selected.note`). Only the words are here.
    readonly property var handoff: services && services.handoff && services.handoff.pairedDevices !== undefined
                                   ? services.handoff : null
    readonly property bool peerPaired: hasSelection && selected.paired
    function actionLabel(name) {
        switch (name) {
        case "pair": return qsTr("Pair")
        case "sendNavigation": return qsTr("Send navigation")
        case "sendMedia": return qsTr("Send media")
        case "playHere": return qsTr("Play here")
        default: return name
        }
    }
    readonly property var actions: hasSelection && handoff !== null
                                   ? selected.actions.map(a => ({ "name": a.name, "label": actionLabel(a.name),
                                                                  "enabled": a.enabled }))
                                   : []
    // One line under the buttons that says why nothing (or nothing more) can be done.
    readonly property string handoffNote: {
        if (!hasSelection)
            return ""
        switch (selected.note) {
        case "notHandoffMediaPlayer": return qsTr("Not reachable for handoff: this device does not speak the cockpit's handoff protocol.")
        case "takesNothing": return qsTr("This device does not take over sessions from the car.")
        case "handoffOff": return qsTr("Handoff is not running in this cockpit.")
        case "pairFirst": return qsTr("Pair once: both screens show the same code to confirm.")
        case "notConnected": return qsTr("Paired, but not connected right now.")
        case "nothingToHand": return qsTr("Nothing is playing or guiding in the car to hand over.")
        case "locked": return handoff !== null ? handoff.lockReason : ""  // the driver lockout, above 8 km/h
        default: return ""
        }
    }
    function runAction(name) {
        if (name === "pair")
            handoff.pairWith(selected.host, selected.port)
        else if (name === "sendNavigation")
            handoff.sendTo(selected.deviceId, "navigation")
        else if (name === "sendMedia")
            handoff.sendTo(selected.deviceId, "media")
        else if (name === "playHere")
            handoff.playOn(selected.deviceId)
    }

    // An icon per kind, on the 24x24 grid Icon.qml draws (Icons.qml holds the cockpit's shared ones).
    readonly property var kindIcons: ({
        "phone": "M7 2.5 H17 V21.5 H7 Z M10.5 18.5 H13.5",
        "tv": "M2 4.5 H22 V16.5 H2 Z M8 20.5 H16 M12 16.5 V20.5",
        "speaker": "M6 2.5 H18 V21.5 H6 Z M12 5.5 A1.3 1.3 0 1 1 11.99 5.5 M12 10.5 A4 4 0 1 1 11.99 10.5",
        "vacuum": "M12 2.5 A9.5 9.5 0 1 1 11.99 2.5 M6 8 H18 M12 12 A2.5 2.5 0 1 1 11.99 12",
        "air_purifier": "M6 2.5 H18 V21.5 H6 Z M9 6 H15 M9 9 H15 M9 12 H15 M12 15.5 A1.8 1.8 0 1 1 11.99 15.5",
        "hub": "M4 11 H20 V20 H4 Z M7.5 7.5 A6.5 6.5 0 0 1 16.5 7.5 M10 4.5 A3.5 3.5 0 0 1 14 4.5 M8 15.5 H9 M11.5 15.5 H12.5",
        "light": "M12 2.5 A6.5 6.5 0 0 1 16 14 V17 H8 V14 A6.5 6.5 0 0 1 12 2.5 M9 20 H15 M10 22 H14",
        "camera": "M2.5 7 H16 V17 H2.5 Z M16 10.5 L21.5 7 V17 L16 13.5 M7 12 A2 2 0 1 1 6.99 12",
        "plug": Icons.plug,
        "other": "M4 4 H20 V20 H4 Z M8 12 H8.5 M12 12 H12.5 M16 12 H16.5"
    })
    function iconFor(kind) { return kindIcons[kind] || kindIcons["other"] }

    // The words, here rather than in Python so that a language switch re-words them at once.
    function kindLabel(kind) {
        switch (kind) {
        case "phone": return qsTr("Phone")
        case "tv": return qsTr("TV")
        case "speaker": return qsTr("Speaker")
        case "vacuum": return qsTr("Robot vacuum")
        case "air_purifier": return qsTr("Air purifier")
        case "hub": return qsTr("Hub")
        case "light": return qsTr("Light")
        case "camera": return qsTr("Camera")
        case "plug": return qsTr("Plug")
        default: return qsTr("Other")
        }
    }
    function seenWords(seconds) {
        if (seconds < 2) return qsTr("just now")
        if (seconds < 60) return qsTr("%1 s ago").arg(seconds)
        if (seconds < 3600) return qsTr("%1 min ago").arg(Math.floor(seconds / 60))
        return qsTr("%1 h ago").arg(Math.floor(seconds / 3600))
    }

    // --- kind filter ------------------------------------------------------------------------
    // Every chip is on screen: a second row when they do not fit one (a clipped, scrolling strip
    // hid the last kinds behind the edge).
    Flow {
        id: chips
        objectName: "kindChips"
        anchors { left: parent.left; right: parent.right; top: parent.top; topMargin: Theme.gap }
        spacing: Theme.gap / 2
        visible: page.devices !== null
        Repeater {
        model: page.devices
               ? [{ "kind": "", "count": page.devices.total }].concat(page.devices.kinds)
               : []
        delegate: Rectangle {
            required property var modelData
            readonly property bool chosen: page.devices !== null && page.devices.kindFilter === modelData.kind
            objectName: "kindChip_" + (modelData.kind === "" ? "all" : modelData.kind)
            width: Math.max(Theme.touchTarget * 1.5, chipLabel.implicitWidth + 2 * Theme.gap)
            height: Theme.touchTarget
            radius: Theme.radius
            color: chosen ? Theme.accentSoft : Theme.surface
            CText {
                id: chipLabel
                anchors.centerIn: parent
                text: qsTr("%1 (%2)").arg(parent.modelData.kind === "" ? qsTr("All") : page.kindLabel(parent.modelData.kind))
                                      .arg(parent.modelData.count)
                color: parent.chosen ? Theme.accent : Theme.textSecondary
                font.weight: Theme.weightValue
            }
            MouseArea {
                anchors.fill: parent
                onClicked: page.devices.kindFilter = parent.modelData.kind
            }
        }
        }
    }

    // --- the list -----------------------------------------------------------------------------
    Card {
        id: listCard
        anchors { left: parent.left; top: chips.bottom; bottom: parent.bottom; topMargin: Theme.gap }
        width: Math.round(parent.width * 0.58)
        visible: page.devices !== null

        ListView {
            id: deviceList
            objectName: "deviceList"
            anchors.fill: parent
            clip: true
            spacing: 8
            boundsBehavior: Flickable.StopAtBounds
            model: page.devices
            delegate: Rectangle {
                id: row
                required property int index
                required property string deviceId
                required property string name
                required property string kind
                required property string modelName
                required property bool paired
                readonly property bool pairedNow: paired
                required property int seenSeconds
                readonly property bool chosen: page.devices !== null && page.devices.selectedId === deviceId
                objectName: "deviceRow_" + deviceId
                width: deviceList.width
                height: Math.max(Theme.touchTarget + 16, texts.implicitHeight + 2 * Theme.gap)
                radius: Theme.radius
                // The chosen row by its tone; a paired one by its accent icon and badge, no outline.
                color: chosen ? Theme.accentSoft : "transparent"

                Icon {
                    id: kindIcon
                    anchors { left: parent.left; leftMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                    width: 44; height: 44
                    path: page.iconFor(row.kind)
                    color: row.pairedNow ? Theme.accent : Theme.textSecondary
                }
                Column {
                    id: texts
                    anchors { left: kindIcon.right; leftMargin: Theme.gap; right: side.left; rightMargin: Theme.gap
                              verticalCenter: parent.verticalCenter }
                    spacing: 2
                    CText {
                        width: parent.width
                        text: row.name
                        font.weight: Theme.weightValue
                        wrapMode: Text.Wrap
                    }
                    CText {
                        width: parent.width
                        text: row.modelName.length > 0 ? qsTr("%1 · %2").arg(page.kindLabel(row.kind)).arg(row.modelName)
                                                        : page.kindLabel(row.kind)
                        color: Theme.textSecondary
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.WrapAnywhere
                    }
                }
                Column {
                    id: side
                    anchors { right: parent.right; rightMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                    width: 150
                    spacing: 6
                    Rectangle {
                        objectName: row.objectName + "_pairedBadge"
                        anchors.right: parent.right
                        visible: row.pairedNow
                        width: badgeText.implicitWidth + Theme.gap
                        height: badgeText.implicitHeight + 4
                        radius: height / 2
                        color: Theme.accent
                        CText {
                            id: badgeText
                            anchors.centerIn: parent
                            text: qsTr("Paired")
                            color: Theme.textOnAccent
                            font.pixelSize: Theme.fontSmall
                            font.weight: Theme.weightValue
                        }
                    }
                    CText {
                        width: parent.width
                        horizontalAlignment: Text.AlignRight
                        // Listed means its announcement is still live: it is here. How long ago it
                        // last announced itself is in the details ("3 min ago" read as gone).
                        objectName: row.objectName + "_presence"
                        text: qsTr("Nearby")
                        color: Theme.textSecondary
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: page.devices.selectedId = row.deviceId
                }
            }
        }
        EmptyState {
            objectName: "devicesEmpty"
            anchors.fill: parent
            visible: page.devices !== null && page.devices.count === 0
            iconPath: Icons.devices
            title: page.devices !== null && page.devices.kindFilter !== ""
                   ? qsTr("None of this kind nearby") : qsTr("No devices nearby")
            detail: page.devices !== null ? qsTr("Listening on %1.").arg(page.devices.interfacesText) : ""
        }
    }

    // --- details of the selected device ---------------------------------------------------------
    Card {
        id: detailsCard
        objectName: "deviceDetails"
        anchors { left: listCard.right; right: parent.right; top: chips.bottom; bottom: parent.bottom
                  leftMargin: Theme.gap; topMargin: Theme.gap }
        visible: page.devices !== null

        CText {
            anchors.fill: parent
            visible: !page.hasSelection
            verticalAlignment: Text.AlignVCenter
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Select a device to see its details and what it can take over.")
            color: Theme.textSecondary
            wrapMode: Text.WordWrap
        }

        Flickable {
            anchors.fill: parent
            visible: page.hasSelection
            clip: true
            contentHeight: details.implicitHeight
            boundsBehavior: Flickable.StopAtBounds

            Column {
                id: details
                width: parent.width
                spacing: Theme.gap

                Row {
                    spacing: Theme.gap
                    width: parent.width
                    Icon {
                        id: selectedIcon
                        width: 56; height: 56
                        path: page.iconFor(page.hasSelection ? page.selected.kind : "other")
                        color: page.peerPaired ? Theme.accent : Theme.textPrimary
                    }
                    Column {
                        width: parent.width - selectedIcon.width - Theme.gap
                        CText {
                            objectName: "selectedName"
                            width: parent.width
                            text: page.hasSelection ? page.selected.name : ""
                            font.pixelSize: Theme.fontTitle
                            font.weight: Theme.weightValue
                            wrapMode: Text.Wrap
                        }
                        CText {
                            width: parent.width
                            text: !page.hasSelection ? ""
                                  : page.peerPaired ? qsTr("%1 · paired").arg(page.kindLabel(page.selected.kind))
                                                         : page.kindLabel(page.selected.kind)
                            color: page.peerPaired ? Theme.accent : Theme.textSecondary
                            wrapMode: Text.Wrap
                        }
                    }
                }

                Column {
                    id: facts
                    spacing: 6
                    width: parent.width
                    readonly property int labelWidth: 150
                    Repeater {
                        model: page.hasSelection ? [
                            { "label": qsTr("Model"), "value": page.selected.modelName || "\u2014" },
                            { "label": qsTr("Address"), "value": page.selected.addressText },
                            { "label": qsTr("Services"), "value": page.selected.serviceTypes },
                            { "label": qsTr("Heard"), "value": page.seenWords(page.selected.seenSeconds) }
                        ] : []
                        delegate: Item {
                            required property var modelData
                            width: facts.width
                            height: Math.max(factLabel.implicitHeight, factValue.implicitHeight)
                            CText {
                                id: factLabel
                                width: facts.labelWidth
                                text: parent.modelData.label
                                color: Theme.textSecondary
                                font.pixelSize: Theme.fontSmall
                                wrapMode: Text.Wrap
                            }
                            CText {
                                id: factValue
                                x: facts.labelWidth + Theme.gap
                                width: parent.width - x
                                text: parent.modelData.value
                                font.pixelSize: Theme.fontSmall
                                wrapMode: Text.WrapAnywhere
                            }
                        }
                    }
                }

                CText {
                    width: parent.width
                    text: qsTr("Handoff")
                    color: Theme.textSecondary
                    font.pixelSize: Theme.fontLabel
                    font.weight: Theme.weightValue
                }
                Flow {
                    width: parent.width
                    spacing: Theme.gap
                    visible: page.actions.length > 0
                    Repeater {
                        model: page.actions
                        delegate: ActionButton {
                            required property var modelData
                            objectName: "handoffAction_" + modelData.name
                            width: Math.min(implicitWidth, details.width)
                            label: modelData.label
                            enabled: modelData.enabled
                            onClicked: page.runAction(modelData.name)
                        }
                    }
                }
                CText {
                    objectName: "handoffNote"
                    width: parent.width
                    visible: text !== ""
                    text: page.handoffNote
                    color: Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }
        }
    }

    // --- discovery not running -----------------------------------------------------------------
    EmptyState {
        objectName: "discoveryOff"
        anchors.fill: parent
        visible: page.devices === null
        iconPath: Icons.devices
        title: qsTr("Looking for devices")
        detail: qsTr("Device discovery is not running. Phones and Xiaomi devices nearby will appear here when it starts.")
    }
}
