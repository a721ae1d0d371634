import QtQuick

// What the warning sounds should do now, worked out without Qt Multimedia (so it runs, and is
// tested, on a machine with no audio device). WarningSounds.qml plays it when there is one.
// The volume setting lowers the chimes; the collision warning never goes below `collisionFloor`:
// a driver can make it quieter, never silent.
QtObject {
    property string collisionLevel: "NONE"   // NONE, PREWARNING, ACUTE
    property bool emergencyBraking: false
    property int parkInterval: 0             // ms between park beeps; 0 silent, -1 steady
    property string volumeSetting: "medium"  // low, medium, high

    readonly property real collisionFloor: 0.5
    readonly property real volume: volumeSetting === "low" ? 0.3 : volumeSetting === "high" ? 1.0 : 0.6
    readonly property real collisionVolume: Math.max(collisionFloor, volume)
    readonly property real parkVolume: volume
    readonly property bool collisionAlarm: collisionLevel === "ACUTE" || emergencyBraking
    readonly property bool collisionChime: collisionLevel === "PREWARNING" && !emergencyBraking
}
