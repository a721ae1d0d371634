import QtQuick
import "../style"
import "../controls"

// One line of warning below the gauges: the ADAS warning (collision, emergency braking, lane
// departure) takes precedence over the link's state ("no signal from the gateway").
Rectangle {
    id: band
    required property QtObject adas
    required property QtObject link

    readonly property bool braking: adas.emergencyBrakingValid && adas.emergencyBraking
    readonly property string collision: adas.collisionWarningValid ? adas.collisionWarning : "NONE"
    readonly property bool acute: braking || collision === "ACUTE"
    readonly property bool prewarning: !acute && collision === "PREWARNING"
    readonly property bool laneDeparture: adas.laneDepartureWarningValid && adas.laneDepartureWarning
    readonly property bool linkDown: link.state !== "ok"
    readonly property string kind: acute ? "acute" : prewarning ? "prewarning"
                                   : laneDeparture ? "lane" : linkDown ? "link" : "none"

    visible: kind !== "none"
    radius: Theme.radius
    color: kind === "acute" ? Theme.dangerFill : kind === "prewarning" ? Theme.cautionFill : Theme.surface
    border.color: kind === "lane" || kind === "link" ? Theme.caution : "transparent"
    border.width: Theme.borderWidth

    CText {
        objectName: "clusterWarningText"
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        horizontalAlignment: Text.AlignHCenter
        elide: Text.ElideRight
        text: band.kind === "acute" ? (band.braking ? qsTr("EMERGENCY BRAKING") : qsTr("BRAKE!"))
              : band.kind === "prewarning" ? qsTr("Collision warning")
              : band.kind === "lane" ? qsTr("Lane departure")
              : band.kind === "link" ? (band.link.state === "connecting" ? qsTr("Connecting to the vehicle gateway\u2026")
                                                                          : qsTr("No signal from the vehicle gateway"))
              : ""
        color: band.kind === "acute" ? "#FFFFFF" : band.kind === "prewarning" ? Theme.textOnCaution : Theme.caution
        font.pixelSize: band.kind === "acute" ? Theme.fontValue : Theme.fontTitle
        font.weight: Font.Bold
    }
}
