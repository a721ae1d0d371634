import QtQuick
import "../style"
import "../controls"
import "../assets"

// Diagnostics: per bus frames/s, unknown ids, decode and E2E errors; and a searchable table of
// every signal with value, unit, status and age, like a small cabana.
Item {
    id: page
    required property var services
    required property QtObject telltales
    property QtObject drive: null   // for the driver lockout: no typing above 8 km/h
    readonly property bool locked: drive !== null && drive.lockedOut
    readonly property var busStats: services && services.busStats ? services.busStats : null
    readonly property var signalTable: services && services.signalTable ? services.signalTable : null

    // --- buses ----------------------------------------------------------------------------
    Card {
        id: buses
        title: qsTr("Buses")
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: Theme.gap }
        width: 380
        ListView {
            id: busList
            objectName: "busList"
            anchors.fill: parent
            clip: true
            spacing: Theme.gap
            model: page.busStats
            delegate: Column {
                required property string name
                required property string stateText
                required property bool isHealthy
                required property real framesPerSecond
                required property int unknownFrames
                required property int decodeErrors
                required property int e2eErrors
                required property string unknownIdsText
                required property string stateReason
                required property string learntRatesText
                width: busList.width
                spacing: 4
                Row {
                    spacing: 12
                    Rectangle {
                        anchors.verticalCenter: parent.verticalCenter
                        width: 18; height: 18; radius: 9
                        color: isHealthy ? Theme.ok : Theme.danger
                    }
                    CText { text: name; font.pixelSize: Theme.fontTitle; font.weight: Theme.weightValue }
                    CText {
                        anchors.baseline: parent.children[1].baseline
                        text: stateText
                        color: isHealthy ? Theme.ok : Theme.danger
                    }
                }
                CText {
                    // Why the bus is not ok, in the reader's words (the fix is in them).
                    objectName: "busStateReason"
                    width: parent.width
                    visible: !isHealthy && stateReason.length > 0
                    text: stateReason
                    wrapMode: Text.WordWrap
                    maximumLineCount: 6
                    elide: Text.ElideRight
                    color: Theme.danger
                    font.pixelSize: Theme.fontSmall
                }
                CText { text: qsTr("%1 frames/s").arg(Math.round(framesPerSecond)) }
                CText {
                    text: qsTr("Unknown ids: %1").arg(unknownFrames)
                    color: unknownFrames > 0 ? Theme.caution : Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                }
                CText {
                    // The most frequent unknown ids: what to add to the DBC.
                    width: parent.width
                    visible: unknownIdsText.length > 0
                    text: unknownIdsText
                    wrapMode: Text.WordWrap
                    color: Theme.caution
                    font.pixelSize: Theme.fontSmall
                }
                CText {
                    text: qsTr("Decode errors: %1").arg(decodeErrors)
                    color: decodeErrors > 0 ? Theme.caution : Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                }
                CText {
                    text: qsTr("E2E errors: %1").arg(e2eErrors)
                    color: e2eErrors > 0 ? Theme.danger : Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                }
                CText {
                    // A DBC without cycle times (opendbc's): staleness is judged from these rates.
                    width: parent.width
                    visible: learntRatesText.length > 0
                    text: qsTr("Rates learnt: %1").arg(learntRatesText)
                    wrapMode: Text.WordWrap
                    color: Theme.textSecondary
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
        EmptyState {
            anchors.fill: parent
            visible: !page.busStats || page.busStats.count === 0
            iconPath: Icons.busOffline
            title: qsTr("No bus")
            detail: qsTr("No CAN bus is configured.")
        }
    }

    // --- signals --------------------------------------------------------------------------
    Card {
        id: signalsCard
        anchors { left: buses.right; right: parent.right; top: parent.top; bottom: parent.bottom
                  leftMargin: Theme.gap; topMargin: Theme.gap }

        Rectangle {
            id: search
            anchors { left: parent.left; right: countText.left; top: parent.top; rightMargin: Theme.gap }
            height: Theme.touchTarget
            radius: Theme.radius
            color: Theme.surfaceRaised
            // A tone, not a box; the accent outline only while it has the keyboard.
            border.color: Theme.accent
            border.width: searchInput.activeFocus ? Theme.borderWidth : 0
            TextInput {
                id: searchInput
                objectName: "signalSearch"
                anchors { fill: parent; leftMargin: Theme.margin; rightMargin: Theme.margin }
                verticalAlignment: TextInput.AlignVCenter
                color: Theme.textPrimary
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                clip: true
                enabled: !page.locked
                onEnabledChanged: if (!enabled) focus = false
                onTextChanged: if (page.signalTable) page.signalTable.filterText = text
            }
            CText {
                anchors { left: parent.left; leftMargin: Theme.margin; verticalCenter: parent.verticalCenter }
                visible: searchInput.text.length === 0
                objectName: "signalSearchHint"
                text: page.locked ? qsTr("Typing is locked while driving")
                                  : qsTr("Search signals, e.g. battery stale")
                color: Theme.textSecondary
            }
        }
        CText {
            id: countText
            anchors { right: parent.right; verticalCenter: search.verticalCenter }
            text: page.signalTable ? qsTr("%1 signals").arg(page.signalTable.count) : ""
            color: Theme.textSecondary
        }

        ListView {
            id: table
            objectName: "signalTable"
            anchors { left: parent.left; right: parent.right; top: search.bottom; bottom: parent.bottom
                      topMargin: Theme.gap }
            clip: true
            model: page.signalTable
            boundsBehavior: Flickable.StopAtBounds
            reuseItems: true
            delegate: Item {
                required property string name
                required property string valueText
                required property string unit
                required property string status
                required property string statusText
                required property string ageText
                required property bool isValid
                width: table.width
                height: Math.max(44, nameText.implicitHeight + 10, valueCell.implicitHeight + 10)
                CText {
                    id: nameText
                    width: parent.width * 0.46 - 12
                    anchors.verticalCenter: parent.verticalCenter
                    // A long path wraps after a dot (a zero-width space there), never mid-name.
                    text: name.replace(/\./g, ".\u200B")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                }
                CText {
                    // A value and its unit are never cut: a long unit wraps under the number.
                    id: valueCell
                    objectName: "signalValue"
                    x: parent.width * 0.46
                    width: parent.width * 0.26 - 12
                    anchors.verticalCenter: parent.verticalCenter
                    horizontalAlignment: Text.AlignRight
                    text: valueText + (unit ? " " + unit : "")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    font.weight: Theme.weightValue
                    color: isValid ? Theme.textPrimary : Theme.textSecondary
                }
                CText {
                    x: parent.width * 0.72
                    width: parent.width * 0.16
                    anchors.verticalCenter: parent.verticalCenter
                    text: statusText
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: status === "valid" ? Theme.ok : status === "invalid" ? Theme.danger
                         : status === "stale" ? Theme.caution : Theme.textSecondary
                }
                CText {
                    x: parent.width * 0.88
                    width: parent.width * 0.12
                    anchors.verticalCenter: parent.verticalCenter
                    horizontalAlignment: Text.AlignRight
                    text: ageText
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textSecondary
                }
                Rectangle {
                    anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
                    height: 1
                    color: Theme.divider
                }
            }
        }
        EmptyState {
            anchors.fill: table
            visible: !page.signalTable || page.signalTable.count === 0
            iconPath: Icons.diagnostics
            title: page.signalTable ? qsTr("No signal matches") : qsTr("No signals")
            detail: page.signalTable ? qsTr("Try fewer words.") : ""
        }
    }
}
