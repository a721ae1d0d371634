import QtQuick
import "../style"

// A choice of a few options as one row of touch targets (units, theme, language) on a quiet track.
// `options` is a list of {value, label}; `activated(value)` fires on a tap. The chosen segment is
// filled with the selection tone and its label in the accent; the fill fades in when it moves.
Rectangle {
    id: control
    property var options: []
    property string current
    property int segmentWidth: 200   // the narrowest a segment gets (a label longer than it widens it)
    signal activated(string value)

    implicitWidth: buttons.implicitWidth + 8
    implicitHeight: Theme.touchTarget + 8
    radius: Theme.radius + 4
    color: Theme.surfaceRaised

    Row {
        id: buttons
        anchors.centerIn: parent
        Repeater {
            model: control.options
            delegate: Item {
                required property var modelData
                readonly property bool chosen: control.current === modelData.value
                objectName: control.objectName + "_" + modelData.value
                width: Math.max(control.segmentWidth, label.implicitWidth + 48)
                height: Theme.touchTarget
                Rectangle {
                    anchors.fill: parent
                    radius: Theme.radius
                    color: Theme.selectionFill
                    opacity: parent.chosen ? 1 : 0
                    Behavior on opacity { enabled: Theme.motion; NumberAnimation { duration: Theme.fade; easing.type: Easing.OutCubic } }
                }
                CText {
                    id: label
                    anchors.centerIn: parent
                    text: parent.modelData.label
                    color: parent.chosen ? Theme.accent : Theme.textSecondary
                    font.weight: parent.chosen ? Theme.weightValue : Theme.weightLabel
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: control.activated(parent.modelData.value)
                }
            }
        }
    }
}
