import QtQuick
import "../style"

// A quiet surface for secondary information, with an optional title; children go into `content`.
// No outline: a card stands on the background by its tone, so the screen is not a grid of boxes.
// `plain` drops the surface and keeps only the spacing, for a group that needs no tone at all.
Rectangle {
    id: card
    property string title
    property bool plain: false
    default property alias content: body.data

    color: plain ? "transparent" : Theme.surface
    radius: Theme.radius
    border.width: 0

    CText {
        id: heading
        x: card.plain ? 0 : Theme.margin
        y: card.plain ? 0 : Theme.gap
        text: card.title
        color: Theme.textSecondary
        font.pixelSize: Theme.fontSmall
        font.weight: Theme.weightValue
        visible: text.length > 0
    }
    Item {
        id: body
        anchors {
            fill: parent
            leftMargin: card.plain ? 0 : Theme.margin
            rightMargin: card.plain ? 0 : Theme.margin
            topMargin: card.title.length > 0 ? heading.y + heading.height + Theme.gapSmall
                                             : (card.plain ? 0 : Theme.gap)
            bottomMargin: card.plain ? 0 : Theme.gap
        }
    }
}
