import QtQuick

// What the warning sounds should do now, worked out without Qt Multimedia (so it runs, and is
// tested, on a machine with no audio device). WarningSounds.qml plays it when there is one.
// The volumes come from the settings model, which lowers the chimes but never mutes the collision
// warning (SettingsModel.collisionChimeVolume has a floor).
QtObject {
    property string collisionLevel: "NONE"   // NONE, PREWARNING, ACUTE
    property bool emergencyBraking: false
    property int parkInterval: 0             // ms between park beeps; 0 silent, -1 steady
    property real collisionVolume: 1.0
    property real parkVolume: 0.6
    readonly property bool collisionAlarm: collisionLevel === "ACUTE" || emergencyBraking
    readonly property bool collisionChime: collisionLevel === "PREWARNING" && !emergencyBraking
}
