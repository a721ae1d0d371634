import QtQuick
import "../style"
import "../controls"

// The top-down ADAS view: the ego car at the bottom, lane lines at their offset and curvature,
// the lead vehicle at its distance, the detected objects, blind-spot zones and lane departure.
// Lengths along the road are compressed against widths (as clusters do) so 80 m fit the height.
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
    readonly property real k: adas.laneCurvatureValid ? adas.laneCurvature / 2 : 0
    readonly property real laneCentre: lanesValid ? (adas.leftLineOffset + adas.rightLineOffset) / 2 : 0

    function sx(lateral) { return centreX - lateral * metresX }
    function sy(d) { return zeroY - d * metresY }
    function roadLateral(d, lateral) { return lateral + k * d * d }   // follows the lane's bend

    // --- blind-spot zones, beside and behind the car ----------------------------------
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
        offset: scene.adas.leftLineOffset
        curvature: scene.adas.laneCurvatureValid ? scene.adas.laneCurvature : 0
        lineType: scene.adas.leftLineTypeValid ? scene.adas.leftLineType : "SOLID"
        warning: scene.adas.laneDepartureWarningValid && scene.adas.laneDepartureWarning
                 && scene.adas.laneDepartureSide === "LEFT"
        centreX: scene.centreX; zeroY: scene.zeroY; metresX: scene.metresX; metresY: scene.metresY
        nearDistance: scene.nearDistance; farDistance: scene.rangeAhead + 10
    }
    LaneLine {
        objectName: scene.objectName + "_laneRight"
        anchors.fill: parent
        visible: scene.lanesValid && lineType !== "NONE"
        offset: scene.adas.rightLineOffset
        curvature: scene.adas.laneCurvatureValid ? scene.adas.laneCurvature : 0
        lineType: scene.adas.rightLineTypeValid ? scene.adas.rightLineType : "SOLID"
        warning: scene.adas.laneDepartureWarningValid && scene.adas.laneDepartureWarning
                 && scene.adas.laneDepartureSide === "RIGHT"
        centreX: scene.centreX; zeroY: scene.zeroY; metresX: scene.metresX; metresY: scene.metresY
        nearDistance: scene.nearDistance; farDistance: scene.rangeAhead + 10
    }

    // --- detected objects -------------------------------------------------------------
    Repeater {
        model: scene.detectedObjects
        delegate: RoadUser {
            required property string objectClass
            required property real longitudinalDistance
            required property real lateralDistance
            required property bool valid
            visible: valid && objectClass !== "NONE" && longitudinalDistance < scene.rangeAhead + 10
            x: scene.sx(scene.roadLateral(longitudinalDistance, lateralDistance)) - width / 2
            y: scene.sy(longitudinalDistance) - height / 2
            tone: Theme.otherCar
        }
    }

    // --- lead vehicle -----------------------------------------------------------------
    readonly property bool leadVisible: adas.leadDetectedValid && adas.leadDetected && adas.leadDistanceValid
                                        && adas.leadDistance <= rangeAhead
    readonly property bool collisionRisk: adas.collisionWarningValid && adas.collisionWarning !== "NONE"
    RoadUser {
        id: lead
        objectName: scene.objectName + "_leadVehicle"
        visible: scene.leadVisible
        objectClass: "CAR"
        x: scene.sx(scene.roadLateral(scene.adas.leadDistance, scene.laneCentre)) - width / 2
        y: scene.sy(scene.adas.leadDistance) - height / 2
        tone: scene.collisionRisk ? Theme.danger : (Theme.night ? "#B7C4D2" : "#34475C")
    }
    Rectangle {
        visible: lead.visible
        x: lead.x + lead.width + 12
        y: lead.y + lead.height / 2 - height / 2
        width: leadLabel.implicitWidth + 20
        height: leadLabel.implicitHeight + 4
        radius: height / 2
        color: Theme.surface
        opacity: 0.92
        CText {
            id: leadLabel
            objectName: scene.objectName + "_leadDistance"
            anchors.centerIn: parent
            text: Units.fmt(Units.shortDistance(scene.adas.leadDistance), scene.adas.leadDistanceValid, 0)
                  + " " + Units.shortDistanceUnit
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
            color: scene.collisionRisk ? Theme.danger : Theme.textPrimary
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
    }
}
