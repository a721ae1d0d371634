pragma Singleton
import QtQuick

// Every colour, size and font of the cockpit. Day and night are two designed palettes: night is
// darker and lower in luminance with warmer, desaturated accents (no glare at night), not the day
// palette inverted. Sizes are in pixels of the 1920x720 design; Main.qml scales the whole scene.
QtObject {
    id: theme

    property bool night: false

    // --- colour ---------------------------------------------------------------------------
    readonly property color background: night ? "#070A0F" : "#E9EDF2"
    readonly property color surface: night ? "#111821" : "#FFFFFF"
    readonly property color surfaceRaised: night ? "#1A2330" : "#F4F6F9"
    readonly property color divider: night ? "#263241" : "#C8D0DA"
    readonly property color textPrimary: night ? "#E6ECF2" : "#0C141E"
    readonly property color textSecondary: night ? "#9AAABB" : "#44546A"
    readonly property color textOnAccent: night ? "#061018" : "#FFFFFF"
    readonly property color accent: night ? "#5AB0FF" : "#005FCC"
    readonly property color accentSoft: night ? "#1B3550" : "#D5E6FA"
    readonly property color drivePower: night ? "#5AB0FF" : "#005FCC"
    readonly property color regenPower: night ? "#45D483" : "#157F3B"
    readonly property color ok: night ? "#45D483" : "#157F3B"
    readonly property color caution: night ? "#FFB43C" : "#B35F00"
    readonly property color cautionFill: night ? "#F5A623" : "#FFB000"   // with textOnCaution: > 9:1
    readonly property color textOnCaution: "#1A1000"
    readonly property color danger: night ? "#FF5A5F" : "#C40F24"
    readonly property color dangerFill: night ? "#B00018" : "#D0021B"
    readonly property color telltaleOff: night ? "#2A3442" : "#C8D0DA"
    readonly property color road: night ? "#141C26" : "#D9DFE6"
    readonly property color laneLine: night ? "#C9D3DE" : "#FFFFFF"
    readonly property color egoCar: accent
    readonly property color otherCar: night ? "#8A98A8" : "#5B6B7E"
    readonly property color vulnerableUser: night ? "#C9A7F2" : "#6F3BA8"  // riders, pedestrians: apart from cars
    readonly property color leadCar: night ? "#C9D5E2" : "#2B3B4E"     // the vehicle ACC follows
    readonly property color plotGrid: night ? "#243040" : "#D5DCE4"

    // --- type -----------------------------------------------------------------------------
    // Noto Sans CJK SC carries Latin and Simplified Chinese; Qt falls back if it is missing.
    readonly property string fontFamily: "Noto Sans CJK SC"
    readonly property int fontSmall: 22       // the smallest text anywhere: >= 20 px at 1920x720
    readonly property int fontBody: 26
    readonly property int fontLabel: 24
    readonly property int fontTitle: 32
    readonly property int fontValue: 44
    readonly property int fontValueLarge: 64
    readonly property int fontGear: 56
    readonly property int fontSpeed: 156

    // --- geometry -------------------------------------------------------------------------
    readonly property int touchTarget: 72     // >= 64 px for a gloved finger on a bumpy road
    readonly property int radius: 18
    readonly property int gap: 16
    readonly property int margin: 24
    readonly property int statusBarHeight: 80
    readonly property int navBarHeight: 96
    readonly property int drivingStripWidth: 600
    readonly property int telltaleSize: 44
    readonly property int borderWidth: 2

    // --- motion ---------------------------------------------------------------------------
    readonly property int blinkInterval: 400  // turn signals blink at 1.25 Hz like the lamps
    readonly property int fade: 150
}
