import QtQuick
import "../style"

// What a region shows when it has nothing yet: a calm icon, a title and one line of explanation.
Item {
    id: empty
    property string iconPath
    property string title
    property string detail

    Column {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.gap
        Icon {
            anchors.horizontalCenter: parent.horizontalCenter
            width: 64; height: 64
            path: empty.iconPath
            color: Theme.textSecondary
            visible: empty.iconPath.length > 0
        }
        CText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: empty.title
            font.pixelSize: Theme.fontTitle
            wrapMode: Text.WordWrap
        }
        CText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: empty.detail
            color: Theme.textSecondary
            wrapMode: Text.WordWrap
            visible: text.length > 0
        }
    }
}
