import QtQuick
import "../style"

// Motion for a part that comes into view: when `target` becomes visible it rises from
// Theme.appearFrom to full opacity in Theme.pageTransition, once. It never starts from nothing (the
// part is there at once, readable; the fade only shows the eye what changed), and it runs only on
// that change, with the window shown (Theme.motion): a screen that does not change does not redraw.
//
//     Rectangle { id: warning; visible: low; Appear { target: warning } }
NumberAnimation {
    id: appear
    property: "opacity"
    from: Theme.appearFrom
    to: 1
    duration: Theme.pageTransition
    easing.type: Easing.OutCubic
    readonly property bool shown: target !== null && target.visible
    onShownChanged: if (shown && Theme.motion) restart()
}
