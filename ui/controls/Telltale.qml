import QtQuick
import "../style"

// A telltale lamp: an icon in its ISO 2575 colour when lit. An unlit lamp is not drawn (and takes
// no room in a row), as in a production cluster; `showWhenOff` keeps a dim outline instead.
// `label` names it for screen readers and tests; the bar shows a caption only when lit.
Item {
    id: telltale
    property string iconPath
    property bool lit: false
    property color litColor: Theme.danger
    property string label
    property bool showCaption: true
    property bool showWhenOff: false

    visible: lit || showWhenOff

    implicitWidth: row.implicitWidth
    implicitHeight: Theme.telltaleSize

    Accessible.role: Accessible.Indicator
    Accessible.name: label

    Row {
        id: row
        spacing: 8
        anchors.verticalCenter: parent.verticalCenter
        Icon {
            width: Theme.telltaleSize; height: Theme.telltaleSize
            path: telltale.iconPath
            color: telltale.lit ? telltale.litColor : Theme.telltaleOff
        }
        CText {
            anchors.verticalCenter: parent.verticalCenter
            visible: telltale.lit && telltale.showCaption
            text: telltale.label
            color: telltale.litColor
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
        }
    }
}
