import QtQuick
import "../style"

// A choice of a few options as one row of touch targets (units, theme, language).
// `options` is a list of {value, label}; `activated(value)` fires on a tap.
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
    border.color: Theme.divider
    border.width: 1

    Row {
        id: buttons
        anchors.centerIn: parent
        Repeater {
            model: control.options
            delegate: Rectangle {
                required property var modelData
                objectName: control.objectName + "_" + modelData.value
                width: Math.max(control.segmentWidth, label.implicitWidth + 48)
                height: Theme.touchTarget
                radius: Theme.radius
                color: control.current === modelData.value ? Theme.accent : "transparent"
                CText {
                    id: label
                    anchors.centerIn: parent
                    text: parent.modelData.label
                    color: control.current === parent.modelData.value ? Theme.textOnAccent : Theme.textPrimary
                    font.weight: Font.DemiBold
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: control.activated(parent.modelData.value)
                }
            }
        }
    }
}
