import QtQuick
import "../style"
import "../controls"

// The top-down ADAS view: the ego car at the bottom, the lane lines along the lane's arc, every
// detected object drawn by its class, the lead vehicle marked with its distance (the same figure
// as "Lead vehicle"), the collision warning drawn at the threatening object, blind-spot zones on
// their side and a lane departure on its line. Lengths along the road are compressed against
// widths (as clusters do) so 80 m fit the height.
//
// Geometry: the camera's lane is an arc of curvature k through the car. A point s metres along it
// and o metres left of the car's path is at angle s*k on a circle of radius 1/k - o; behind the car
// (s < 0) the lines run straight. The arc is drawn up to a quarter turn: beyond that a sharp bend
// leaves the view sideways, and a parabola (or a longer arc) would come back through the car.
Rectangle {
    id: scene
    required property QtObject adas
    required property var detectedObjects
    property real rangeAhead: 80          // metres shown ahead of the car
    property real widthMetres: 12         // metres shown across

    color: Theme.road
    radius: Theme.radius
    clip: true

    readonly property real centreX: width / 2
    readonly property real zeroY: height - 150
    readonly property real metresX: width / widthMetres
    readonly property real metresY: (zeroY - 40) / rangeAhead
    readonly property real nearDistance: -(height - zeroY) / metresY
    readonly property bool lanesValid: adas.leftLineOffsetValid && adas.rightLineOffsetValid
    readonly property real curvature: adas.laneCurvatureValid ? adas.laneCurvature : 0
    readonly property real laneCentre: lanesValid ? (adas.leftLineOffset + adas.rightLineOffset) / 2 : 0
    // How far along the lane is drawn: the range, or a quarter turn of a sharp bend.
    readonly property real arcEnd: curvature === 0 ? rangeAhead + 10
                                   : Math.min(rangeAhead + 10, Math.PI / 2 / Math.abs(curvature))

    readonly property string collisionLevel: adas.collisionWarningValid ? adas.collisionWarning : "NONE"
    readonly property bool collisionRisk: collisionLevel !== "NONE"
                                          || (adas.emergencyBrakingValid && adas.emergencyBraking)
    readonly property string threatLevel: collisionLevel === "NONE" && collisionRisk ? "ACUTE" : collisionLevel
    readonly property int collisionTarget: collisionRisk && adas.collisionTargetValid ? adas.collisionTarget : 0

    // --- the lead vehicle (ACC): where the object list draws it, a mark and its distance ---
    readonly property bool leadVisible: adas.leadDetectedValid && adas.leadDetected && adas.leadDistanceValid
                                        && adas.leadDistance <= Math.min(rangeAhead, arcEnd)
    readonly property point leadPoint: pointAt(adas.leadDistance, laneCentre)
    readonly property bool objectsShown: detectedObjects.countValid && detectedObjects.count > 0

    function sx(lateral) { return centreX - lateral * metresX }
    function sy(d) { return zeroY - d * metresY }
    // The scene point s metres along the lane and o metres left of the car's path.
    function pointAt(s, o) {
        if (s <= 0 || curvature === 0)
            return Qt.point(sx(o), sy(s))
        var r = 1 / curvature - o
        var angle = Math.min(s, arcEnd) * curvature
        return Qt.point(sx(1 / curvature - r * Math.cos(angle)), sy(r * Math.sin(angle)))
    }
    function linePoints(offset) {
        var points = [pointAt(nearDistance, offset), pointAt(0, offset)]
        var steps = 40
        for (var i = 1; i <= steps; ++i)
            points.push(pointAt(arcEnd * i / steps, offset))
        return points
    }

    property bool flash: true
    Timer {
        interval: 250       // 4 Hz: urgent, under the photosensitive range
        repeat: true
        running: scene.visible && scene.threatLevel === "ACUTE"
        onRunningChanged: scene.flash = true
        onTriggered: scene.flash = !scene.flash
    }

    // Everything drawn from the signals lives in a Loader that is active only while the scene is on
    // screen: a hidden scene (the Drive page's while the ADAS page shows, and the other way round)
    // would otherwise re-run its lane geometry and move its road users on every frame for nobody.
    Loader {
        id: content
        anchors.fill: parent
        active: scene.visible
        sourceComponent: Item {
            id: drawn
            // The lead's distance turns red only when the warning is for the lead (or for nothing named).
            readonly property bool leadIsThreat: {
                if (!scene.collisionRisk)
                    return false
                if (scene.collisionTarget === 0)
                    return true
                var target = objects.count >= scene.collisionTarget ? objects.itemAt(scene.collisionTarget - 1) : null
                return target !== null && target.isLead
            }

            // --- blind-spot zones, beside and behind the car, on their own side ---------------
            Repeater {
                model: [{ side: "left", sign: 1 }, { side: "right", sign: -1 }]
                delegate: Rectangle {
                    required property var modelData
                    readonly property bool warning: modelData.side === "left"
                        ? scene.adas.blindSpotLeftValid && scene.adas.blindSpotLeft
                        : scene.adas.blindSpotRightValid && scene.adas.blindSpotRight
                    objectName: scene.objectName + "_blindSpot_" + modelData.side
                    visible: warning
                    width: 3.0 * scene.metresX
                    height: scene.height - scene.zeroY + 40
                    x: scene.sx(modelData.sign * 3.4) - width / 2
                    y: scene.zeroY - 40
                    radius: Theme.radius
                    color: Theme.caution
                    opacity: 0.45
                }
            }

            // --- lane lines -------------------------------------------------------------------
            LaneLine {
                objectName: scene.objectName + "_laneLeft"
                anchors.fill: parent
                visible: scene.lanesValid && lineType !== "NONE"
                points: scene.linePoints(scene.adas.leftLineOffset + (lineType === "DOUBLE" ? 0.12 : 0))
                secondPoints: scene.linePoints(scene.adas.leftLineOffset - 0.12)
                lineType: scene.adas.leftLineTypeValid ? scene.adas.leftLineType : "SOLID"
                warning: scene.adas.laneDepartureWarningValid && scene.adas.laneDepartureWarning
                         && scene.adas.laneDepartureSide === "LEFT"
            }
            LaneLine {
                objectName: scene.objectName + "_laneRight"
                anchors.fill: parent
                visible: scene.lanesValid && lineType !== "NONE"
                points: scene.linePoints(scene.adas.rightLineOffset - (lineType === "DOUBLE" ? 0.12 : 0))
                secondPoints: scene.linePoints(scene.adas.rightLineOffset + 0.12)
                lineType: scene.adas.rightLineTypeValid ? scene.adas.rightLineType : "SOLID"
                warning: scene.adas.laneDepartureWarningValid && scene.adas.laneDepartureWarning
                         && scene.adas.laneDepartureSide === "RIGHT"
            }

            // --- detected objects, by class; the warning's target with its halo ---------------
            Repeater {
                id: objects
                model: scene.detectedObjects
                delegate: RoadUser {
                    required property int index
                    required property var model   // the roles; objectClass is RoadUser's own property
                    readonly property real longitudinalDistance: model.longitudinalDistance
                    readonly property real lateralDistance: model.lateralDistance
                    readonly property bool valid: model.valid
                    objectClass: model.objectClass
                    readonly property point at: scene.pointAt(longitudinalDistance, lateralDistance)
                    readonly property bool isLead: model.isLead   // the model matches the ACC's lead to the list
                    objectName: scene.objectName + "_object" + (index + 1)
                    visible: valid && objectClass !== "NONE" && longitudinalDistance < Math.min(scene.rangeAhead, scene.arcEnd)
                    // The distance is to the object's rear: its icon stands on that point.
                    x: at.x - width / 2
                    y: at.y - height
                    readonly property bool vulnerable: ["BICYCLE", "MOTORCYCLE", "PEDESTRIAN"].indexOf(objectClass) >= 0
                    tone: isLead ? Theme.leadCar : vulnerable ? Theme.vulnerableUser : Theme.otherCar
                    threat: index + 1 === scene.collisionTarget ? scene.threatLevel : "NONE"
                    flash: scene.flash
                }
            }

            // No object list to draw it from: the lead is drawn from the ACC's own figures.
            RoadUser {
                objectName: scene.objectName + "_leadVehicle"
                visible: scene.leadVisible && !scene.objectsShown
                objectClass: "CAR"
                x: scene.leadPoint.x - width / 2
                y: scene.leadPoint.y - height
                tone: Theme.leadCar
                threat: scene.collisionRisk && scene.collisionTarget === 0 ? scene.threatLevel : "NONE"
                flash: scene.flash
            }
            Rectangle {
                objectName: scene.objectName + "_leadMark"
                visible: scene.leadVisible
                x: scene.leadPoint.x - width / 2
                y: scene.leadPoint.y + 6
                width: 72
                height: 8
                radius: 4
                color: Theme.accent
            }
            Rectangle {
                visible: scene.leadVisible
                // Beside the lead, clear of its halo; kept inside the view.
                x: Math.min(scene.leadPoint.x + 64, scene.width - width - 8)
                y: scene.leadPoint.y - 54 - height / 2
                width: leadLabel.implicitWidth + 20
                height: leadLabel.implicitHeight + 4
                radius: height / 2
                color: Theme.surface
                opacity: 0.92
                border.color: Theme.accent
                border.width: Theme.borderWidth
                CText {
                    id: leadLabel
                    objectName: scene.objectName + "_leadDistance"
                    anchors.centerIn: parent
                    text: Units.fmt(Units.shortDistance(scene.adas.leadDistance), scene.adas.leadDistanceValid, 0)
                          + " " + Units.shortDistanceUnit
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    color: drawn.leadIsThreat ? Theme.danger : Theme.textPrimary
                }
            }

            // --- nothing to draw: say so, rather than show an empty road as if it were clear ----
            CText {
                objectName: scene.objectName + "_noLanes"
                anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: 2 * Theme.margin }
                width: parent.width - 2 * Theme.margin
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                visible: !scene.lanesValid
                text: qsTr("No lane data from the camera")
                color: Theme.textSecondary
            }

            // --- the ego car ------------------------------------------------------------------
            RoadUser {
                objectName: scene.objectName + "_egoCar"
                objectClass: "EGO"
                x: scene.centreX - width / 2
                y: scene.zeroY
                tone: Theme.egoCar
                detail: Theme.night ? "#0B2740" : "#CFE3FA"
            }
        }
    }
}
