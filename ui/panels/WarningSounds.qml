import QtQuick
import QtMultimedia

// Plays what WarningTones decides, with the WAVs of ui/assets/sounds (cockpit/hmi/chimes.py makes
// them). Loaded by Main.qml only when the machine has an audio output.
Item {
    id: sounds
    property QtObject tones: null

    readonly property bool ready: tones !== null

    SoundEffect {
        id: prewarning
        source: Qt.resolvedUrl("../assets/sounds/prewarning.wav")
        volume: sounds.ready ? sounds.tones.collisionVolume : 1
    }
    SoundEffect {
        id: collision
        source: Qt.resolvedUrl("../assets/sounds/collision.wav")
        volume: sounds.ready ? sounds.tones.collisionVolume : 1
        loops: SoundEffect.Infinite
    }
    SoundEffect {
        id: parkBeep
        source: Qt.resolvedUrl("../assets/sounds/park.wav")
        volume: sounds.ready ? sounds.tones.parkVolume : 0.6
    }
    SoundEffect {
        id: parkSteady
        source: Qt.resolvedUrl("../assets/sounds/park-steady.wav")
        volume: sounds.ready ? sounds.tones.parkVolume : 0.6
        loops: SoundEffect.Infinite
    }

    readonly property bool alarm: ready && tones.collisionAlarm
    readonly property bool chime: ready && tones.collisionChime
    readonly property bool steady: ready && tones.parkInterval < 0 && !alarm
    onAlarmChanged: alarm ? collision.play() : collision.stop()
    onChimeChanged: if (chime) prewarning.play()
    onSteadyChanged: steady ? parkSteady.play() : parkSteady.stop()

    Timer {
        interval: sounds.ready && sounds.tones.parkInterval > 0 ? sounds.tones.parkInterval : 1000
        repeat: true
        triggeredOnStart: true
        running: sounds.ready && sounds.tones.parkInterval > 0 && !sounds.alarm
        onTriggered: parkBeep.play()
    }
}
