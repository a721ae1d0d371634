import QtQuick
import "../style"
import "../controls"

// Settings: units, theme and language (each applies at once, everywhere), and the bus status.
Item {
    id: page
    required property QtObject settings
    required property QtObject telltales
    required property var services
    readonly property var busStats: services && services.busStats ? services.busStats : null

    component SettingRow: Item {
        property alias title: caption.text
        default property alias control: holder.data
        width: parent ? parent.width : 0
        height: Theme.touchTarget + 24
        CText {
            id: caption
            anchors.verticalCenter: parent.verticalCenter
            font.pixelSize: Theme.fontTitle
        }
        Item {
            id: holder
            anchors { right: parent.right; verticalCenter: parent.verticalCenter }
            width: childrenRect.width
            height: childrenRect.height
        }
    }

    Card {
        id: preferences
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: Theme.gap }
        width: parent.width * 0.62
        Column {
            anchors.fill: parent
            spacing: Theme.gap
            SettingRow {
                title: qsTr("Units")
                Segmented {
                    objectName: "unitsSelector"
                    current: page.settings.unitSystem
                    options: [{ value: "metric", label: qsTr("Metric") },
                              { value: "imperial", label: qsTr("Imperial") }]
                    onActivated: (value) => page.settings.setUnitSystem(value)
                }
            }
            SettingRow {
                title: qsTr("Theme")
                Segmented {
                    objectName: "themeSelector"
                    current: page.settings.theme
                    options: [{ value: "day", label: qsTr("Day") },
                              { value: "night", label: qsTr("Night") }]
                    onActivated: (value) => page.settings.setTheme(value)
                }
            }
            SettingRow {
                title: qsTr("Language")
                Segmented {
                    objectName: "languageSelector"
                    current: page.settings.language
                    // Each language is named in itself, so anyone can find their own.
                    options: [{ value: "en", label: "English" },
                              { value: "zh_CN", label: "简体中文" }]
                    onActivated: (value) => page.settings.setLanguage(value)
                }
            }
        }
    }

    Card {
        title: qsTr("Bus status")
        anchors { left: preferences.right; right: parent.right; top: parent.top; bottom: parent.bottom
                  leftMargin: Theme.gap; topMargin: Theme.gap }
        Column {
            anchors.fill: parent
            spacing: Theme.gap
            CText {
                objectName: "busSummary"
                width: parent.width
                wrapMode: Text.WordWrap
                readonly property bool noBus: !page.busStats || page.busStats.count === 0
                text: noBus ? qsTr("No CAN bus configured")
                      : page.telltales.busOffline ? qsTr("CAN bus offline") : qsTr("All buses OK")
                color: noBus ? Theme.textSecondary : page.telltales.busOffline ? Theme.danger : Theme.ok
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
            }
            Repeater {
                model: page.busStats
                delegate: CText {
                    required property string name
                    required property string stateText
                    required property real framesPerSecond
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: qsTr("%1: %2, %3 frames/s").arg(name).arg(stateText).arg(Math.round(framesPerSecond))
                    color: Theme.textSecondary
                }
            }
        }
    }
}
