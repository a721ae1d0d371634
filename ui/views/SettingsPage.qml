import QtQuick
import "../style"
import "../controls"

// Settings: units, theme and language (each applies at once, everywhere) on the background, and
// beside them one quiet surface with the bus status and the paired devices (each can be forgotten,
// after a confirm step: it would have to pair again).
Item {
    id: page
    required property QtObject settings
    required property QtObject telltales
    required property var services
    readonly property var busStats: services && services.busStats ? services.busStats : null
    readonly property var handoff: services && services.handoff && services.handoff.pairedDevices !== undefined
                                   ? services.handoff : null
    // The device whose "Forget" was tapped and waits for the second, confirming tap ("" for none).
    property string confirmingForget: ""

    component SettingRow: Item {
        property alias title: caption.text
        default property alias control: holder.data
        width: parent ? parent.width : 0
        height: Theme.touchTarget + 8  // five rows fit the card at 1920x720
        CText {
            id: caption
            anchors.verticalCenter: parent.verticalCenter
            font.pixelSize: Theme.fontBody
        }
        Item {
            id: holder
            anchors { right: parent.right; verticalCenter: parent.verticalCenter }
            width: childrenRect.width
            height: childrenRect.height
        }
    }

    Card {
        id: preferences
        plain: true
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: Theme.gap
                  leftMargin: Theme.margin }
        width: Math.round(parent.width * 0.6) - Theme.margin
        Column {
            anchors.fill: parent
            spacing: Theme.gap / 2
            SettingRow {
                title: qsTr("Units")
                Segmented {
                    objectName: "unitsSelector"
                    current: page.settings.unitSystem
                    options: [{ value: "metric", label: qsTr("Metric") },
                              { value: "imperial", label: qsTr("Imperial") }]
                    onActivated: (value) => page.settings.setUnitSystem(value)
                }
            }
            SettingRow {
                title: qsTr("Theme")
                Segmented {
                    objectName: "themeSelector"
                    current: page.settings.theme
                    options: [{ value: "day", label: qsTr("Day") },
                              { value: "night", label: qsTr("Night") }]
                    onActivated: (value) => page.settings.setTheme(value)
                }
            }
            SettingRow {
                title: qsTr("Language")
                Segmented {
                    objectName: "languageSelector"
                    current: page.settings.language
                    // Each language is named in itself, so anyone can find their own.
                    options: [{ value: "en", label: "English" },
                              { value: "zh_CN", label: "简体中文" }]
                    onActivated: (value) => page.settings.setLanguage(value)
                }
            }
            SettingRow {
                // Quieter, never silent: the collision warning always sounds (see WarningSounds.qml).
                title: qsTr("Chimes")
                Segmented {
                    objectName: "warningVolumeSelector"
                    current: page.settings.warningVolume
                    options: [{ value: "low", label: qsTr("Low") },
                              { value: "medium", label: qsTr("Medium") },
                              { value: "high", label: qsTr("High") }]
                    onActivated: (value) => page.settings.setWarningVolume(value)
                }
            }
            SettingRow {
                // Navigation warns when the car would arrive with less charge than this.
                title: qsTr("Arrival reserve")
                visible: page.handoff !== null && page.handoff.reserveChoices !== undefined
                Segmented {
                    objectName: "reserveSelector"
                    segmentWidth: 104
                    current: page.handoff !== null ? String(page.handoff.reservePercent) : ""
                    options: page.handoff !== null && page.handoff.reserveChoices !== undefined
                             ? page.handoff.reserveChoices.map(c => ({ value: String(c), label: c + " %" })) : []
                    onActivated: (value) => page.handoff.setReservePercent(Number(value))
                }
            }
        }
    }

    Rectangle {
        id: side
        anchors { left: preferences.right; right: parent.right; top: parent.top; bottom: parent.bottom
                  leftMargin: Theme.marginLarge; topMargin: Theme.gap }
        radius: Theme.radius
        color: Theme.surface
    }

    Card {
        id: busCard
        plain: true
        title: qsTr("Bus status")
        anchors { left: side.left; right: side.right; top: side.top; margins: Theme.margin }
        height: Math.round(parent.height * 0.36) - 2 * Theme.margin + Theme.gap
        Column {
            anchors.fill: parent
            spacing: Theme.gap
            CText {
                objectName: "busSummary"
                width: parent.width
                wrapMode: Text.WordWrap
                readonly property bool noBus: !page.busStats || page.busStats.count === 0
                text: noBus ? qsTr("No CAN bus configured")
                      : page.telltales.busOffline ? qsTr("CAN bus offline") : qsTr("All buses OK")
                color: noBus ? Theme.textSecondary : page.telltales.busOffline ? Theme.danger : Theme.ok
                font.pixelSize: Theme.fontTitle
                font.weight: Theme.weightValue
            }
            Repeater {
                model: page.busStats
                delegate: CText {
                    required property string name
                    required property string stateText
                    required property real framesPerSecond
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: qsTr("%1: %2, %3 frames/s").arg(name).arg(stateText).arg(Math.round(framesPerSecond))
                    color: Theme.textSecondary
                }
            }
        }
    }

    Card {
        id: pairedCard
        objectName: "pairedDevicesCard"
        plain: true
        title: qsTr("Paired devices")
        anchors { left: busCard.left; right: busCard.right; top: busCard.bottom; bottom: side.bottom
                  topMargin: Theme.margin; bottomMargin: Theme.gap }

        ListView {
            id: pairedList
            objectName: "pairedDevicesList"
            anchors.fill: parent
            clip: true
            spacing: Theme.gap
            boundsBehavior: Flickable.StopAtBounds
            model: page.handoff ? page.handoff.pairedDevices : []
            delegate: Item {
                id: pairedRow
                required property var modelData
                readonly property bool confirming: page.confirmingForget === modelData.deviceId
                objectName: "pairedDevice_" + modelData.deviceId
                width: pairedList.width
                // Asking to confirm, the question takes the whole width and the two buttons go under
                // it (beside it, the question would be squeezed to a word a line).
                height: confirming ? who.implicitHeight + Theme.gap + buttons.height
                                   : Math.max(Theme.touchTarget, who.implicitHeight)

                Column {
                    id: who
                    x: 0
                    y: pairedRow.confirming ? 0 : (pairedRow.height - height) / 2
                    width: pairedRow.confirming ? pairedRow.width : pairedRow.width - buttons.width - Theme.gap
                    CText {
                        width: parent.width
                        text: pairedRow.confirming ? qsTr("Forget %1?").arg(pairedRow.modelData.name)
                                                   : pairedRow.modelData.name
                        font.weight: Theme.weightValue
                        wrapMode: Text.Wrap
                    }
                    CText {
                        width: parent.width
                        // A short key fingerprint, grouped in fours as a phone shows it, to tell
                        // two devices of the same name apart.
                        text: pairedRow.confirming ? qsTr("It must pair again to hand over.")
                              : qsTr("Key %1").arg(pairedRow.modelData.fingerprint.substring(0, 8)
                                                   .replace(/(.{4})(?=.)/g, "$1 ").toUpperCase())
                        color: Theme.textSecondary
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                }
                Row {
                    id: buttons
                    x: pairedRow.width - width
                    y: pairedRow.confirming ? who.height + Theme.gap : (pairedRow.height - height) / 2
                    spacing: Theme.gap
                    ActionButton {
                        objectName: pairedRow.objectName + "_cancel"
                        visible: pairedRow.confirming
                        quiet: true
                        label: qsTr("Cancel")
                        onClicked: page.confirmingForget = ""
                    }
                    ActionButton {
                        objectName: pairedRow.objectName + (pairedRow.confirming ? "_confirmForget" : "_forget")
                        quiet: !pairedRow.confirming
                        label: qsTr("Forget")
                        onClicked: {
                            if (pairedRow.confirming) {
                                page.confirmingForget = ""
                                page.handoff.forgetDevice(pairedRow.modelData.deviceId)
                            } else {
                                page.confirmingForget = pairedRow.modelData.deviceId
                            }
                        }
                    }
                }
            }
        }
        CText {
            objectName: "pairedDevicesEmpty"
            anchors.fill: parent
            visible: pairedList.count === 0
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.WordWrap
            color: Theme.textSecondary
            text: page.handoff ? qsTr("No paired devices. Pair a phone from the Devices page.")
                               : qsTr("Handoff is not running in this cockpit.")
        }
    }
}
