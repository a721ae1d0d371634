import QtQuick
import "../style"

// A surface with an optional title; children go into `content`.
Rectangle {
    id: card
    property string title
    default property alias content: body.data

    color: Theme.surface
    radius: Theme.radius
    // No outline: surfaces stand on the background by their tone, so the screen is not a grid of boxes.
    border.width: 0

    CText {
        id: heading
        x: Theme.margin
        y: Theme.gap
        text: card.title
        color: Theme.textSecondary
        font.pixelSize: Theme.fontLabel
        font.weight: Font.DemiBold
        visible: text.length > 0
    }
    Item {
        id: body
        anchors {
            fill: parent
            leftMargin: Theme.margin
            rightMargin: Theme.margin
            topMargin: card.title.length > 0 ? heading.y + heading.height + Theme.gap : Theme.gap
            bottomMargin: Theme.gap
        }
    }
}
