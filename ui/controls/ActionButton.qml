import QtQuick
import "../style"
import "../assets"

// A labelled button for a handoff action. `quiet` draws it as a tone with the label in the accent
// (Cancel beside a decision, Forget in a list), no outline;
// disabled it greys out and ignores taps. `note` says why it is disabled (the driver lockout):
// a lock and the reason under the label, inside the button, so the reason sits where the finger
// goes. The label wraps rather than clips in a narrow place (the layout audit fails that anyway).
Rectangle {
    id: action
    property string label
    property bool quiet: false
    property string note: ""
    signal clicked()

    readonly property bool noted: note !== "" && !enabled
    implicitWidth: Math.max(Theme.touchTarget * 1.5,
                            Math.max(caption.implicitWidth, noteRow.implicitWidth) + 2 * Theme.margin)
    implicitHeight: Math.max(Theme.touchTarget, texts.implicitHeight + Theme.gap)
    radius: Theme.radius
    color: !enabled ? Theme.surfaceRaised
           : quiet ? (area.pressed ? Theme.accentSoft : Theme.surfaceRaised)
           : (area.pressed ? Theme.accentSoft : Theme.accent)

    Column {
        id: texts
        anchors.centerIn: parent
        width: Math.min(Math.max(caption.implicitWidth, noteRow.implicitWidth), action.width - Theme.gap)
        CText {
            id: caption
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: action.label
            color: !action.enabled ? Theme.textSecondary : action.quiet ? Theme.accent : Theme.textOnAccent
            font.weight: Theme.weightValue
        }
        Row {
            id: noteRow
            anchors.horizontalCenter: parent.horizontalCenter
            visible: action.noted
            spacing: 6
            Icon {
                anchors.verticalCenter: parent.verticalCenter
                width: 22; height: 22
                path: Icons.lock
                color: Theme.textSecondary
            }
            CText {
                objectName: action.objectName ? action.objectName + "_note" : ""
                text: action.noted ? action.note : ""
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
            }
        }
    }
    MouseArea { id: area; anchors.fill: parent; enabled: action.enabled; onClicked: action.clicked() }
}
