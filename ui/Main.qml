import QtQuick
import QtQuick.Window
import "style"
import "controls"
import "panels"
import "views"
import "assets"

// The cockpit's one window. Python passes every model in as a required property (see
// cockpit/hmi/app.py); views and panels receive what they need as plain properties.
// The scene is designed at 1920x720 and scaled uniformly to fit; the extra length of a wider or
// taller screen goes to the page area, so nothing is ever clipped.
Window {
    id: root

    required property QtObject drive
    required property QtObject energy
    required property QtObject adas
    required property var detectedObjects
    required property QtObject telltales
    required property QtObject settings
    required property var services
    required property string initialPage
    // The cockpit's words (pages, themes, languages, unit systems, bus states), spelled once in
    // cockpit/vocabulary.py: vocabulary.pages, vocabulary.page.drive, vocabulary.theme.night, ...
    required property var vocabulary
    property int displayRotation: 0      // degrees clockwise, for a panel mounted sideways
    property bool sound: false           // an audio output is there: the warning chimes are played

    property string currentPage: initialPage
    // A page that comes in rises from a low opacity (never from nothing: it is there at once, the
    // fade only tells the eye what changed). Park assist, the pairing dialog and the collision
    // warning are outside `pages`: they never fade.
    onCurrentPageChanged: if (Theme.motion) pageEnter.restart()

    title: qsTr("Cockpit")
    color: Theme.background

    Binding { target: Theme; property: "night"; value: root.settings.theme === root.vocabulary.theme.night }
    Binding { target: Units; property: "imperial"; value: root.settings.unitSystem === root.vocabulary.unitSystem.imperial }
    Binding { target: Units; property: "conversions"; value: root.vocabulary.imperial }
    Binding { target: Units; property: "clock24"; value: root.settings.clock24h }
    Binding { target: Theme; property: "motion"; value: root.visible }

    Item {
        id: scene
        objectName: "scene"
        // A quarter turn swaps the panel's sides: the scene is laid out on the rotated panel,
        // then scaled and turned about its centre, which sits at the window's centre.
        readonly property bool quarterTurn: root.displayRotation % 180 !== 0
        readonly property real panelWidth: quarterTurn ? root.height : root.width
        readonly property real panelHeight: quarterTurn ? root.width : root.height
        readonly property real factor: Math.min(panelWidth / 1920, panelHeight / 720)
        width: panelWidth / factor
        height: panelHeight / factor
        x: (root.width - width) / 2
        y: (root.height - height) / 2
        scale: factor
        rotation: root.displayRotation
        transformOrigin: Item.Center

        StatusBar {
            id: statusBar
            objectName: "statusBar"
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: Theme.statusBarHeight
            drive: root.drive
            adas: root.adas
            telltales: root.telltales
        }

        DrivingStrip {
            id: strip
            objectName: "drivingStrip"
            anchors { left: parent.left; top: statusBar.bottom; bottom: parent.bottom }
            width: Theme.drivingStripWidth
            drive: root.drive
            adas: root.adas
        }

        Item {
            id: pages
            objectName: "pages"
            NumberAnimation {
                id: pageEnter
                target: pages
                property: "opacity"
                from: Theme.appearFrom
                to: 1
                duration: Theme.pageTransition
                easing.type: Easing.OutCubic
            }
            anchors {
                left: strip.right; right: parent.right; top: statusBar.bottom; bottom: navBar.top
                leftMargin: Theme.gap; rightMargin: Theme.margin; bottomMargin: Theme.gap
            }

            DrivePage {
                id: drivePage
                objectName: "drivePage"
                anchors.fill: parent
                visible: root.currentPage === root.vocabulary.page.drive
                adas: root.adas
                drive: root.drive
                detectedObjects: root.detectedObjects
                services: root.services
            }
            PageLoader {
                anchors.fill: parent
                shown: root.currentPage === root.vocabulary.page.energy
                sourceComponent: EnergyPage {
                    objectName: "energyPage"
                    energy: root.energy
                }
            }
            PageLoader {
                id: adasLoader
                anchors.fill: parent
                shown: root.currentPage === root.vocabulary.page.adas
                sourceComponent: AdasPage {
                    objectName: "adasPage"
                    adas: root.adas
                    drive: root.drive
                    detectedObjects: root.detectedObjects
                }
            }
            PageLoader {
                anchors.fill: parent
                shown: root.currentPage === root.vocabulary.page.devices
                sourceComponent: DevicesPage {
                    objectName: "devicesPage"
                    services: root.services
                }
            }
            PageLoader {
                anchors.fill: parent
                shown: root.currentPage === root.vocabulary.page.diagnostics
                sourceComponent: DiagnosticsPage {
                    objectName: "diagnosticsPage"
                    services: root.services
                    drive: root.drive
                    telltales: root.telltales
                }
            }
            PageLoader {
                anchors.fill: parent
                shown: root.currentPage === root.vocabulary.page.settings
                sourceComponent: SettingsPage {
                    objectName: "settingsPage"
                    settings: root.settings
                    telltales: root.telltales
                    services: root.services
                }
            }
        }

        NavBar {
            id: navBar
            objectName: "navBar"
            anchors { left: strip.right; right: parent.right; bottom: parent.bottom; rightMargin: Theme.margin }
            height: Theme.navBarHeight
            currentPage: root.currentPage
            pageIds: root.vocabulary.pages
            onPageRequested: (page) => root.currentPage = page
        }

        // In reverse, park assist takes the page area (the speed, gear and telltales stay beside it).
        ParkAssistView {
            id: parkAssist
            objectName: "parkAssist"
            anchors.fill: pages
            visible: root.drive.gearValid && root.drive.gear === "R"
            adas: root.adas
        }

        // The pairing dialog floats over the page area, never over the driving strip or the status
        // bar; the collision warning stays above it.
        PairingDialog {
            objectName: "pairingDialog"
            anchors.fill: pages
            services: root.services
        }

        // The collision warning: in the page area, at the top (the driver's line of sight), beside
        // the road view that draws it at the threat. Speed, gear and telltales are never covered.
        CollisionWarning {
            objectName: "collisionWarning"
            anchors.fill: pages
            level: root.adas.collisionWarningValid ? root.adas.collisionWarning : "NONE"
            emergencyBraking: root.adas.emergencyBrakingValid && root.adas.emergencyBraking
            roadViewWidth: parkAssist.visible ? 0
                           : root.currentPage === root.vocabulary.page.drive ? drivePage.roadViewWidth
                           : root.currentPage === root.vocabulary.page.adas && adasLoader.item ? adasLoader.item.roadViewWidth : 0
        }
    }

    // The chimes: what to sound is worked out here; it is played only where there is an audio output.
    WarningTones {
        id: tones
        objectName: "warningTones"
        collisionLevel: root.adas.collisionWarningValid ? root.adas.collisionWarning : "NONE"
        emergencyBraking: root.adas.emergencyBrakingValid && root.adas.emergencyBraking
        parkInterval: parkAssist.visible ? parkAssist.toneInterval : 0
        collisionVolume: root.settings.collisionChimeVolume
        parkVolume: root.settings.chimeVolume
    }
    Loader {
        objectName: "warningSounds"
        active: root.sound
        source: Qt.resolvedUrl("panels/WarningSounds.qml")
        onLoaded: item.tones = tones
    }
}
