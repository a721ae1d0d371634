pragma Singleton
import QtQuick

// Every colour, size and font of the cockpit. Day and night are two designed palettes: night is
// darker and lower in luminance with warmer, desaturated accents (no glare at night, no white
// slab anywhere: the brightest text is a soft grey-white), not the day palette inverted. Sizes are
// in pixels of the 1920x720 design; Main.qml scales the whole scene.
//
// The hierarchy the pages follow: the driving strip and the road/route sit on the background at
// full contrast; secondary information sits on quiet surfaces told apart by tone and spacing, never
// by outlines; one accent colour marks what is active; the ISO colours (danger, caution, ok) are
// kept for warnings and functions at work.
QtObject {
    id: theme

    property bool night: false

    // --- colour ---------------------------------------------------------------------------
    readonly property color background: night ? "#06090D" : "#EDF0F4"
    readonly property color surface: night ? "#0F151C" : "#FFFFFF"         // a quiet card
    readonly property color surfaceRaised: night ? "#18202A" : "#E4E9EF"   // a control's track or tone
    readonly property color selectionFill: night ? "#1B324A" : "#FFFFFF"   // the chosen segment on its track
    readonly property color divider: night ? "#202A35" : "#D3DAE2"         // thin rules, rarely
    readonly property color textPrimary: night ? "#D9E1E9" : "#0C141E"     // night: no pure white
    readonly property color textSecondary: night ? "#8A99A9" : "#4A5A6E"
    readonly property color textTertiary: night ? "#5A6878" : "#8593A4"    // a choice not taken (gears)
    readonly property color textOnAccent: night ? "#061018" : "#FFFFFF"
    readonly property color accent: night ? "#4A8FD4" : "#005FCC"      // night: a button is no lamp
    readonly property color accentSoft: night ? "#142A40" : "#DCE9F9"     // the fill of a selection
    readonly property color drivePower: night ? "#4A8FD4" : "#005FCC"
    readonly property color regenPower: night ? "#45D483" : "#157F3B"
    readonly property color charge: night ? "#7E8C9B" : "#7B8898"       // the charge bar, not charging
    readonly property color ok: night ? "#45D483" : "#157F3B"
    readonly property color caution: night ? "#FFB43C" : "#B35F00"
    readonly property color cautionFill: night ? "#F5A623" : "#FFB000"   // with textOnCaution: > 9:1
    readonly property color textOnCaution: "#1A1000"
    readonly property color textOnDanger: "#FFFFFF"
    readonly property color danger: night ? "#FF5A5F" : "#C40F24"
    readonly property color dangerFill: night ? "#B00018" : "#D0021B"
    readonly property color telltaleOff: night ? "#26303C" : "#C8D0DA"
    readonly property color road: night ? "#121A23" : "#DCE2E9"
    readonly property color laneLine: night ? "#B9C4D0" : "#FFFFFF"
    readonly property color egoCar: accent
    readonly property color otherCar: night ? "#7F8D9D" : "#5B6B7E"
    readonly property color vulnerableUser: night ? "#C9A7F2" : "#6F3BA8"  // riders, pedestrians: apart from cars
    readonly property color leadCar: night ? "#C2CEDB" : "#2B3B4E"     // the vehicle ACC follows
    readonly property color plotGrid: night ? "#1E2833" : "#DCE2E9"
    readonly property color scrim: night ? "#B3000000" : "#80000000"   // behind a dialog

    // --- type -----------------------------------------------------------------------------
    // Noto Sans CJK SC carries Latin and Simplified Chinese; Qt falls back if it is missing.
    // One big number per area (fontSpeed on the strip, fontValueLarge for a page's own figure),
    // values at fontValue or fontTitle, labels small and secondary.
    readonly property string fontFamily: "Noto Sans CJK SC"
    readonly property int fontSmall: 22       // the smallest text anywhere: >= 20 px at 1920x720
    readonly property int fontLabel: 24
    readonly property int fontBody: 26
    readonly property int fontTitle: 32
    readonly property int fontValue: 44
    readonly property int fontValueLarge: 64
    readonly property int fontGear: 40
    readonly property int fontSpeed: 156
    readonly property int weightValue: Font.DemiBold   // numbers and titles
    readonly property int weightLabel: Font.Normal     // captions

    // --- geometry -------------------------------------------------------------------------
    readonly property int touchTarget: 72     // >= 64 px for a gloved finger on a bumpy road
    readonly property int radius: 18
    readonly property int radiusSmall: 10
    readonly property int gapSmall: 8
    readonly property int gap: 16
    readonly property int margin: 24
    readonly property int marginLarge: 32     // between areas of a page: space, not lines
    readonly property int statusBarHeight: 80
    readonly property int navBarHeight: 96
    readonly property int drivingStripWidth: 600
    readonly property int telltaleSize: 44
    readonly property int borderWidth: 2
    readonly property int indicatorHeight: 4  // the bar under a current tab or gear
    readonly property int meterHeight: 10     // the power and charge bars

    // --- motion ---------------------------------------------------------------------------
    // Only on a change of state, never looping: a screen that does not change does not redraw.
    // No Behavior on a theme colour (a picture after a theme switch would catch it half way).
    // `motion` is on while the cockpit's window is shown (Main.qml): what changes before it is
    // shown (the loading, a screenshot's fast-forward) is simply there, and the first frame is final.
    property bool motion: false
    readonly property int blinkInterval: 400  // turn signals blink at 1.25 Hz like the lamps
    readonly property int fade: 150           // a selection moves, a highlight comes
    readonly property int pageTransition: 200 // the page that comes in
    readonly property int pulse: 300          // a telltale that lights, once
    readonly property real appearFrom: 0.3   // where a page or card that comes in starts (never 0: it is there)
}
