import QtQuick

// A page built the first time it is shown, then kept. A page never opened costs nothing: the
// five pages besides Drive were 21 MB of a cockpit that only ever drove (issue 15), and the
// first opening of one takes a frame or two, once.
Loader {
    required property bool shown

    visible: shown
    active: false
    onShownChanged: if (shown) active = true
    Component.onCompleted: if (shown) active = true
}
