import QtQuick
import "../style"

// A labelled value: a small caption above, the value large, its unit beside it. The caller passes
// the already formatted text (a dash when the signal is not valid). Its baseline is the value's, so
// two readouts of different sizes can stand on one line.
Column {
    id: readout
    property string label
    property string value
    property string unit
    property int valueSize: Theme.fontValue
    property int labelSize: Theme.fontLabel
    property color valueColor: Theme.textPrimary
    spacing: 2
    baselineOffset: valueRow.y + valueText.y + valueText.baselineOffset

    CText {
        text: readout.label
        color: Theme.textSecondary
        font.pixelSize: readout.labelSize
        visible: text.length > 0
    }
    Row {
        id: valueRow
        spacing: 8
        CText {
            id: valueText
            objectName: readout.objectName ? readout.objectName + "Value" : ""
            text: readout.value
            color: readout.valueColor
            font.pixelSize: readout.valueSize
            font.weight: Theme.weightValue
        }
        CText {
            anchors.baseline: valueText.baseline
            text: readout.unit
            color: Theme.textSecondary
            font.pixelSize: Theme.fontLabel
            visible: text.length > 0
        }
    }
}
