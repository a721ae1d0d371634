import QtQuick
import "../style"

// A labelled value: a caption above, the value large, its unit beside it. The caller passes the
// already formatted text (a dash when the signal is not valid).
Column {
    id: readout
    property string label
    property string value
    property string unit
    property int valueSize: Theme.fontValue
    property color valueColor: Theme.textPrimary
    spacing: 2

    CText {
        text: readout.label
        color: Theme.textSecondary
        font.pixelSize: Theme.fontLabel
        visible: text.length > 0
    }
    Row {
        spacing: 8
        CText {
            objectName: readout.objectName ? readout.objectName + "Value" : ""
            text: readout.value
            color: readout.valueColor
            font.pixelSize: readout.valueSize
            font.weight: Font.DemiBold
        }
        CText {
            anchors.baseline: parent.children[0].baseline
            text: readout.unit
            color: Theme.textSecondary
            font.pixelSize: Theme.fontLabel
            visible: text.length > 0
        }
    }
}
