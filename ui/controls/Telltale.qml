import QtQuick
import "../style"

// A telltale lamp: an icon in its ISO 2575 colour when lit. An unlit lamp is not drawn (and takes
// no room in a row), as in a production cluster; `showWhenOff` keeps a dim outline instead.
// `label` names it for screen readers and tests; the bar shows a caption only when lit.
// A lamp that lights is at full strength at once; a soft ring behind it swells once (Theme.pulse)
// to draw the eye, inside the lamp's own box, and then nothing moves.
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

    onLitChanged: if (lit && Theme.motion) lighting.restart()

    Rectangle {
        id: ring
        objectName: telltale.objectName ? telltale.objectName + "_ring" : ""
        width: Theme.telltaleSize; height: Theme.telltaleSize
        anchors.verticalCenter: parent.verticalCenter
        radius: width / 2
        color: telltale.litColor
        opacity: 0
        scale: 0.6
        ParallelAnimation {
            id: lighting
            NumberAnimation { target: ring; property: "opacity"; from: 0.45; to: 0; duration: Theme.pulse; easing.type: Easing.OutQuad }
            NumberAnimation { target: ring; property: "scale"; from: 0.6; to: 1.0; duration: Theme.pulse; easing.type: Easing.OutCubic }
        }
    }

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
            font.weight: Theme.weightValue
        }
    }
}
