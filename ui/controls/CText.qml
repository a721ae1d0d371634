import QtQuick
import "../style"

// Text in the cockpit's font and colours. The smallest size anywhere is Theme.fontSmall.
Text {
    color: Theme.textPrimary
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody
    elide: Text.ElideNone
    textFormat: Text.PlainText
}
