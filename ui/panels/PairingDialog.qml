import QtQuick
import "../style"
import "../controls"

// A pairing request: the other device's name and the 6-digit code both screens show. The driver
// compares the codes and confirms or rejects; the dialog closes itself when the request ends
// (answered here or on the phone, or timed out). Reads `services.handoff` (a HandoffModel).
Item {
    id: dialog
    property var services: ({})
    readonly property QtObject handoff: services && services.handoff ? services.handoff : null
    readonly property bool open: handoff !== null && handoff.pairingActive
    visible: open
    Appear { target: dialog }

    component DialogButton: Rectangle {
        id: action
        property string label
        property string reason        // why it is disabled, under the label
        property bool primary: false
        signal clicked()
        implicitWidth: 280
        implicitHeight: Theme.touchTarget
        radius: Theme.radius
        opacity: enabled ? 1 : 0.55
        color: primary && enabled ? (area.pressed ? Theme.accentSoft : Theme.accent)
                                  : (area.pressed ? Theme.accentSoft : Theme.surfaceRaised)
        Column {
            anchors.centerIn: parent
            CText {
                anchors.horizontalCenter: parent.horizontalCenter
                text: action.label
                color: action.primary && action.enabled ? Theme.textOnAccent : Theme.textPrimary
                font.weight: Theme.weightValue
            }
            CText {
                objectName: action.objectName ? action.objectName + "Reason" : ""
                anchors.horizontalCenter: parent.horizontalCenter
                visible: !action.enabled && action.reason.length > 0
                text: action.reason
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
            }
        }
        MouseArea { id: area; anchors.fill: parent; enabled: action.enabled; onClicked: action.clicked() }
    }

    // The scrim takes every touch, so nothing behind the dialog can be pressed by mistake.
    Rectangle {
        anchors.fill: parent
        color: Theme.scrim
        MouseArea { anchors.fill: parent }
    }

    Rectangle {
        objectName: "pairingPanel"
        anchors.centerIn: parent
        width: 720
        height: content.implicitHeight + 2 * Theme.margin
        radius: Theme.radius
        color: Theme.surface

        Column {
            id: content
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.margin }
            spacing: Theme.gap
            CText {
                width: parent.width
                text: qsTr("Pair with %1?").arg(dialog.open ? dialog.handoff.pairingDeviceName : "")
                font.pixelSize: Theme.fontTitle
                font.weight: Theme.weightValue
                wrapMode: Text.WordWrap
            }
            CText {
                width: parent.width
                text: qsTr("Check that your phone shows the same code.")
                color: Theme.textSecondary
                wrapMode: Text.WordWrap
            }
            CText {
                objectName: "pairingCode"
                anchors.horizontalCenter: parent.horizontalCenter
                // "123 456": two groups read more surely than six digits in a row
                text: dialog.open ? dialog.handoff.pairingCode.slice(0, 3) + " " + dialog.handoff.pairingCode.slice(3)
                                  : ""
                font.pixelSize: Theme.fontValueLarge
                font.weight: Theme.weightValue
                font.letterSpacing: 6
            }
            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.margin
                DialogButton {
                    objectName: "rejectPairing"
                    label: qsTr("Codes differ")
                    onClicked: dialog.handoff.rejectPairing()
                }
                DialogButton {
                    objectName: "confirmPairing"
                    primary: true
                    label: qsTr("Codes match")
                    // Locked while driving, like every pairing step; "Codes differ" stays a tap away.
                    enabled: !dialog.open || !dialog.handoff.lockedOut
                    reason: dialog.open ? dialog.handoff.lockReason : ""
                    onClicked: dialog.handoff.confirmPairing()
                }
            }
        }
    }
}
