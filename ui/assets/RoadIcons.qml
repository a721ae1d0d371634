pragma Singleton
import QtQuick

// Road users seen from above, front up, drawn for this project as SVG path data. Each class has
// its own grid (its proportions): `body` is filled in the user's tone, `detail` (windows, rider,
// head) in a contrasting colour on top. RoadUser.qml scales them to the size of the class.
QtObject {
    readonly property var shapes: ({
        "CAR": {
            grid: [20, 40],
            body: "M5 1 H15 Q19 1 19 6 V35 Q19 39 15 39 H5 Q1 39 1 35 V6 Q1 1 5 1 Z "
                  + "M-0.5 12 H1.5 V15 H-0.5 Z M18.5 12 H20.5 V15 H18.5 Z",
            detail: "M4 12 Q10 9 16 12 L15 17 H5 Z M5 31 H15 L15.8 35 Q10 36.5 4.2 35 Z"
        },
        "TRUCK": {
            grid: [26, 68],
            body: "M4 1 H22 Q25 1 25 4 V15 H1 V4 Q1 1 4 1 Z M0.5 17 H25.5 V67 H0.5 Z",
            detail: "M4 4 H22 V8.5 H4 Z M3 24 H23 V25.5 H3 Z M3 41 H23 V42.5 H3 Z M3 58 H23 V59.5 H3 Z"
        },
        "MOTORCYCLE": {
            grid: [12, 26],
            body: "M6 0.5 Q8 0.5 8 3.5 V22 Q8 25.5 6 25.5 Q4 25.5 4 22 V3.5 Q4 0.5 6 0.5 Z M0.5 6 H11.5 V8 H0.5 Z",
            detail: "M6 10 A2.8 2.8 0 1 1 5.99 10 Z"
        },
        "BICYCLE": {
            grid: [12, 26],
            body: "M4.6 0 H7.4 V8 H4.6 Z M4.6 18 H7.4 V26 H4.6 Z M5.2 7 H6.8 V19 H5.2 Z M0.5 5 H11.5 V7 H0.5 Z "
                  + "M0.3 15 Q6 9.5 11.7 15 Q6 20.5 0.3 15 Z",
            detail: "M6 9.4 A1.9 1.9 0 1 1 5.99 9.4 Z"
        },
        "PEDESTRIAN": {
            grid: [16, 12],
            body: "M1 6.5 Q1 2.5 8 2.5 Q15 2.5 15 6.5 Q15 10.5 8 10.5 Q1 10.5 1 6.5 Z",
            detail: "M8 3.6 A2.9 2.9 0 1 1 7.99 3.6 Z"
        },
        "UNKNOWN": {
            grid: [20, 20],
            body: "M10 1 L19 10 L10 19 L1 10 Z",
            detail: "M10 6.5 L13.5 10 L10 13.5 L6.5 10 Z"
        }
    })
    // The drawn size of each class in the 1920x720 design, px: a truck is longer and wider than a
    // car, a rider narrow, a pedestrian small. (Lengths are compressed like the road, widths not.)
    readonly property var sizes: ({
        "EGO": [64, 124], "CAR": [56, 108], "TRUCK": [72, 188], "MOTORCYCLE": [34, 72],
        "BICYCLE": [34, 72], "PEDESTRIAN": [48, 38], "UNKNOWN": [48, 48]
    })
}
