import QtQuick
import "../style"

// A labelled button for a handoff action. `quiet` draws it outlined (Cancel beside a decision);
// disabled it greys out and ignores taps. The label wraps rather than clips in a narrow place.
Rectangle {
    id: action
    property string label
    property bool quiet: false
    signal clicked()

    implicitWidth: Math.max(Theme.touchTarget * 1.5, caption.implicitWidth + 2 * Theme.margin)
    implicitHeight: Math.max(Theme.touchTarget, caption.implicitHeight + Theme.gap)
    radius: Theme.radius
    color: !enabled ? Theme.surfaceRaised
           : quiet ? (area.pressed ? Theme.accentSoft : "transparent")
           : (area.pressed ? Theme.accentSoft : Theme.accent)
    border.color: quiet && enabled ? Theme.accent : "transparent"
    border.width: quiet ? Theme.borderWidth : 0

    CText {
        id: caption
        anchors.centerIn: parent
        width: Math.min(implicitWidth, action.width - Theme.gap)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        text: action.label
        color: !action.enabled ? Theme.textSecondary : action.quiet ? Theme.accent : Theme.textOnAccent
        font.weight: Font.DemiBold
    }
    MouseArea { id: area; anchors.fill: parent; enabled: action.enabled; onClicked: action.clicked() }
}
