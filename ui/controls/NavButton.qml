import QtQuick
import "../style"

// A page tab: an icon and a label, at least Theme.touchTarget high, highlighted when current.
Rectangle {
    id: button
    property string label
    property string iconPath
    property bool current: false
    signal clicked()

    implicitWidth: 200
    implicitHeight: Theme.touchTarget
    radius: Theme.radius
    color: current ? Theme.accentSoft : (area.pressed ? Theme.surfaceRaised : "transparent")

    Row {
        anchors.centerIn: parent
        spacing: 12
        Icon {
            width: 36; height: 36
            anchors.verticalCenter: parent.verticalCenter
            path: button.iconPath
            color: button.current ? Theme.accent : Theme.textSecondary
        }
        CText {
            anchors.verticalCenter: parent.verticalCenter
            text: button.label
            color: button.current ? Theme.accent : Theme.textPrimary
            font.pixelSize: Theme.fontBody
            font.weight: button.current ? Font.DemiBold : Font.Normal
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
