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
    // maneuvers (route guidance), drawn as the road ahead turning
    readonly property string straight: "M12 21 V4 M6 10 L12 4 L18 10"
    readonly property string turnLeft: "M16 21 V12 A4 4 0 0 0 12 8 H5 M9 4 L5 8 L9 12"
    readonly property string turnRight: "M8 21 V12 A4 4 0 0 1 12 8 H19 M15 4 L19 8 L15 12"
    readonly property string slightLeft: "M15 21 V14 L8 7 M8 13 V7 H14"
    readonly property string slightRight: "M9 21 V14 L16 7 M16 13 V7 H10"
    readonly property string sharpLeft: "M17 21 V7 L7 17 M7 10 V17 H14"
    readonly property string sharpRight: "M7 21 V7 L17 17 M17 10 V17 H10"
    readonly property string uturn: "M8 21 V9 A4 4 0 0 1 16 9 V15 M12 12 L16 16 L20 12"
    readonly property string roundabout: "M12 22 V15 M12 9 A3 3 0 1 0 12.01 9 M14.5 9.5 L19 5 M15 5 H19 V9"
    readonly property string arrive: "M12 22 C9 18 5 13.5 5 9.5 A7 7 0 0 1 19 9.5 C19 13.5 15 18 12 22 Z M12 7 A2.5 2.5 0 1 1 11.99 7"
    // media transport
    readonly property string play: "M7 4 L20 12 L7 20 Z"
    readonly property string pause: "M6 4 H10 V20 H6 Z M14 4 H18 V20 H14 Z"
    readonly property string next: "M5 5 L15 12 L5 19 Z M18 5 V19"
    readonly property string previous: "M19 5 L9 12 L19 19 Z M6 5 V19"
    // status bar
    readonly property string thermometer: "M10 14 V4 A2 2 0 0 1 14 4 V14 A4 4 0 1 1 10 14 Z M12 10 V17"
    readonly property string lock: "M6 11 H18 V21 H6 Z M8.5 11 V7.5 A3.5 3.5 0 0 1 15.5 7.5 V11"
}
