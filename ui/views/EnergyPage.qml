import QtQuick
import "../style"
import "../controls"

// Energy: the pack's figures in one quiet line, then the two plots on one surface: state of charge
// over time and the charge curve (charging power against state of charge) of the current session.
// Each plot has its one figure, large, above it (the charge now; the charging power).
Item {
    id: page
    required property QtObject energy
    readonly property QtObject e: energy

    // --- the pack: secondary, so no box, small labels ------------------------------------------
    Row {
        id: pack
        objectName: "packFigures"
        anchors { left: parent.left; right: parent.right; top: parent.top
                  topMargin: Theme.gap; leftMargin: Theme.margin; rightMargin: Theme.margin }
        spacing: Theme.marginLarge
        readonly property real cell: (width - 4 * spacing) / 5
        Readout {
            objectName: "packVoltage"; width: pack.cell
            label: qsTr("Voltage"); unit: qsTr("V")
            value: Units.fmt(page.e.voltage, page.e.voltageValid, 0)
            valueSize: Theme.fontTitle; labelSize: Theme.fontSmall
        }
        Readout {
            objectName: "packCurrent"; width: pack.cell
            label: qsTr("Current"); unit: qsTr("A")
            value: Units.fmt(page.e.current, page.e.currentValid, 0)
            valueSize: Theme.fontTitle; labelSize: Theme.fontSmall
        }
        Readout {
            // VSS counts power into the pack as positive; the driver reads which way it flows
            // and how much, so it never shows -9.5 beside the power meter's +8 (the meter is
            // the motors; the pack also feeds the cabin).
            objectName: "packPower"; width: pack.cell
            readonly property bool into: page.e.batteryPowerValid && page.e.batteryPower > 0.05
            label: into ? qsTr("Power in") : qsTr("Power out"); unit: qsTr("kW")
            value: Units.fmt(Math.abs(page.e.batteryPower), page.e.batteryPowerValid, 1)
            valueSize: Theme.fontTitle; labelSize: Theme.fontSmall
        }
        Readout {
            objectName: "cellVoltage"; width: pack.cell
            label: qsTr("Cell min / max"); unit: qsTr("V")
            value: Units.fmt(page.e.cellVoltageMin, page.e.cellVoltageMinValid, 2) + " / "
                   + Units.fmt(page.e.cellVoltageMax, page.e.cellVoltageMaxValid, 2)
            valueSize: Theme.fontTitle; labelSize: Theme.fontSmall
        }
        Readout {
            objectName: "cellTemperature"; width: pack.cell
            label: qsTr("Cells min / max"); unit: Units.temperatureUnit
            value: Units.fmt(Units.temperature(page.e.temperatureMin), page.e.temperatureMinValid, 0) + " / "
                   + Units.fmt(Units.temperature(page.e.temperatureMax), page.e.temperatureMaxValid, 0)
            valueSize: Theme.fontTitle; labelSize: Theme.fontSmall
        }
    }

    // --- the plots: one surface, two columns set apart by space ---------------------------------
    Card {
        id: plots
        anchors { left: parent.left; right: parent.right; top: pack.bottom; bottom: parent.bottom
                  topMargin: Theme.margin }
        readonly property real column: (width - 2 * Theme.margin - Theme.marginLarge) / 2

        // A plot's heading: its name small on the left, its figure large on the right, the figure's
        // detail small under it.
        component PlotHeading: Item {
            property alias title: caption.text
            property alias figure: figureText.text
            property alias detail: detailText.text
            property alias figureName: figureText.objectName
            property color figureColor: Theme.textPrimary
            height: figureText.height
            CText {
                id: caption
                anchors { left: parent.left; baseline: figureText.baseline }
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
                font.weight: Theme.weightValue
            }
            CText {
                id: detailText
                anchors { right: figureText.left; rightMargin: Theme.gap; baseline: figureText.baseline }
                color: Theme.textSecondary
                font.pixelSize: Theme.fontSmall
                visible: text.length > 0
            }
            CText {
                id: figureText
                anchors.right: parent.right
                color: parent.figureColor
                font.pixelSize: Theme.fontValue
                font.weight: Theme.weightValue
            }
        }

        Item {
            id: history
            anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
            width: plots.column
            PlotHeading {
                id: historyHeading
                anchors { left: parent.left; right: parent.right; top: parent.top }
                title: qsTr("State of charge")
                figureName: "energyStateOfCharge"
                figure: Units.fmt(page.e.stateOfCharge, page.e.stateOfChargeValid, 0) + " %"
                detail: Units.fmt(Units.consumption(page.e.consumption), page.e.consumptionValid, 1) + " "
                        + Units.consumptionUnit
            }
            LinePlot {
                objectName: "socHistoryPlot"
                anchors { left: parent.left; right: parent.right; top: historyHeading.bottom; bottom: parent.bottom
                          topMargin: Theme.gapSmall }
                points: page.e.socHistory
                xMin: points.length > 1 ? Math.min(points[0][0], -60) : -60
                xMax: 0
                yMin: 0; yMax: 100; yTicks: 4
                yUnit: "%"
                xMinLabel: qsTr("%1 min ago").arg(Math.round(-xMin / 60))
                xMaxLabel: qsTr("now")
                emptyText: qsTr("Collecting…")
            }
        }

        Item {
            id: charging
            anchors { right: parent.right; top: parent.top; bottom: parent.bottom }
            width: plots.column
            readonly property bool active: page.e.chargingValid && page.e.charging
            PlotHeading {
                id: chargingHeading
                anchors { left: parent.left; right: parent.right; top: parent.top }
                title: qsTr("Charging")
                figureName: "chargingSummary"
                figure: charging.active
                        ? Units.fmt(page.e.chargePower, page.e.chargePowerValid, 0) + " " + qsTr("kW")
                        : (page.e.cablePluggedValid && page.e.cablePlugged ? qsTr("Plugged in")
                           : page.e.cablePluggedValid ? qsTr("Not plugged in") : Units.dash)
                figureColor: charging.active ? Theme.ok : Theme.textSecondary
                detail: charging.active
                        ? qsTr("%1 % in %2").arg(Units.fmt(page.e.chargeLimit, page.e.chargeLimitValid, 0))
                                            .arg(Units.duration(page.e.timeToComplete, page.e.timeToCompleteValid))
                        : ""
            }
            LinePlot {
                objectName: "chargeCurvePlot"
                anchors { left: parent.left; right: parent.right; top: chargingHeading.bottom; bottom: parent.bottom
                          topMargin: Theme.gapSmall }
                points: page.e.chargeCurve
                xMin: 0; xMax: 100
                yMin: 0; yMax: 250; yTicks: 5
                yUnit: " " + qsTr("kW")
                labelWidth: 104
                lineColor: Theme.ok
                xMinLabel: qsTr("0 %")
                xMaxLabel: qsTr("100 %")
                // While a session has just begun the curve has no points yet: say so, not "no session".
                emptyText: charging.active ? qsTr("Collecting…") : qsTr("No charging session yet")
            }
        }
    }
}
