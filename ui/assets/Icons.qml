pragma Singleton
import QtQuick

// The cockpit's icons, drawn for this project as SVG path data on a 24x24 grid. Icon.qml strokes
// (and optionally fills) them in a theme colour, so one path serves day, night and every state.
QtObject {
    // telltales
    readonly property string battery: "M3 8 H18 V17 H3 Z M18 11 H21 V14 H18 M7 12.5 H10 M13.5 11 V14 M12 12.5 H15"
    readonly property string brake: "M12 5.5 A7 7 0 1 1 11.99 5.5 M5 6 A9.5 9.5 0 0 0 5 19 M19 6 A9.5 9.5 0 0 1 19 19 M12 8.5 V13.5 M12 16 V16.6"
    readonly property string adas: "M4 21 L9 3 M20 21 L15 3 M12 5 V8 M12 11 V14 M8.5 16 H15.5 L14.5 12.5 H9.5 Z M8.5 16 V19 M15.5 16 V19"
    readonly property string busOffline: "M3 12 H9 M15 12 H21 M6 8 V16 M18 8 V16 M9 9 H11 V15 H9 M15 9 H13 V15 H15 M4 20 L20 4"
    readonly property string seatbelt: "M12 3.5 A2 2 0 1 1 11.99 3.5 M8 21 L9.5 9 H14.5 L16 21 M9.5 9 L16.5 17"
    readonly property string door: "M6 3 H18 V21 H6 Z M6 3 L13 6 V21 M10.5 13 V14.5"
    readonly property string ready: "M3 12 H7 L10 5 L14 19 L17 12 H21"
    readonly property string driverAttention: "M12 3 A3 3 0 1 1 11.99 3 M4 21 C5 14 19 14 20 21 M17 4 L21 2 M18 8 L22 8"
    // turn signal, filled
    readonly property string arrowLeft: "M2 12 L11 3.5 V8.5 H22 V15.5 H11 V20.5 Z"
    readonly property string arrowRight: "M22 12 L13 3.5 V8.5 H2 V15.5 H13 V20.5 Z"
    // navigation tabs
    readonly property string drive: "M3 17 A9 9 0 1 1 21 17 M12 17 L16.5 10 M6 14 H7.5 M16.5 14 H18 M12 8 V9.5"
    readonly property string energy: "M13 2 L5 14 H11 L10 22 L19 9 H13 Z"
    readonly property string adasTab: "M3 22 L8 2 M21 22 L16 2 M8.5 19 H15.5 V13 L14 9 H10 L8.5 13 Z"
    readonly property string devices: "M7 2.5 H17 V21.5 H7 Z M10.5 18.5 H13.5 M1.5 9 A8 8 0 0 0 1.5 15 M22.5 9 A8 8 0 0 1 22.5 15"
    readonly property string diagnostics: "M2 13 H6 L8.5 6 L12.5 19 L15.5 10 L17 13 H22"
    readonly property string settings: "M3 6 H21 M3 12 H21 M3 18 H21 M8 4 V8 M15 10 V14 M10 16 V20"
    readonly property string plug: "M9 2 V7 M15 2 V7 M6 7 H18 V11 A6 6 0 0 1 6 11 Z M12 17 V22"
}
