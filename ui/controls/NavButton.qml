import QtQuick
import "../style"

// A page tab: an icon and a label, at least Theme.touchTarget high. The current tab is told by
// tone alone: its icon in the accent, its label bright, a short bar under them; the others quiet.
Item {
    id: button
    property string label
    property string iconPath
    property bool current: false
    signal clicked()

    implicitWidth: 200
    implicitHeight: Theme.touchTarget

    Rectangle {
        // The press, under the finger.
        anchors.fill: parent
        radius: Theme.radius
        color: Theme.surfaceRaised
        visible: area.pressed
    }
    Row {
        id: content
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
            color: button.current ? Theme.textPrimary : Theme.textSecondary
            font.pixelSize: Theme.fontBody
            font.weight: button.current ? Theme.weightValue : Theme.weightLabel
        }
    }
    Rectangle {
        objectName: button.objectName ? button.objectName + "_indicator" : ""
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom }
        width: 48; height: Theme.indicatorHeight
        radius: height / 2
        color: Theme.accent
        opacity: button.current ? 1 : 0
        Behavior on opacity { enabled: Theme.motion; NumberAnimation { duration: Theme.fade; easing.type: Easing.OutCubic } }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
