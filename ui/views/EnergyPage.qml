import QtQuick
import "../style"
import "../controls"

// Energy: the pack at a glance, charging, and two plots: state of charge over time and the
// charge curve (charging power against state of charge) of the current session.
Item {
    id: page
    required property QtObject energy
    readonly property QtObject e: energy

    Card {
        id: pack
        title: qsTr("Battery")
        anchors { left: parent.left; right: parent.right; top: parent.top; topMargin: Theme.gap }
        height: 200
        Grid {
            anchors.fill: parent
            columns: 5
            columnSpacing: 24
            rowSpacing: 8
            readonly property real cell: (width - 4 * columnSpacing) / 5
            Readout {
                objectName: "packVoltage"; width: parent.cell
                label: qsTr("Voltage"); unit: qsTr("V")
                value: Units.fmt(page.e.voltage, page.e.voltageValid, 0)
            }
            Readout {
                objectName: "packCurrent"; width: parent.cell
                label: qsTr("Current"); unit: qsTr("A")
                value: Units.fmt(page.e.current, page.e.currentValid, 0)
            }
            Readout {
                // VSS counts power into the pack as positive; the driver reads which way it flows
                // and how much, so it never shows -9.5 beside the power meter's +8 (the meter is
                // the motors; the pack also feeds the cabin).
                objectName: "packPower"; width: parent.cell
                readonly property bool into: page.e.batteryPowerValid && page.e.batteryPower > 0.05
                label: into ? qsTr("Power in") : qsTr("Power out"); unit: qsTr("kW")
                value: Units.fmt(Math.abs(page.e.batteryPower), page.e.batteryPowerValid, 1)
            }
            Readout {
                objectName: "cellVoltage"; width: parent.cell
                label: qsTr("Cell min / max"); unit: qsTr("V")
                value: Units.fmt(page.e.cellVoltageMin, page.e.cellVoltageMinValid, 2) + " / "
                       + Units.fmt(page.e.cellVoltageMax, page.e.cellVoltageMaxValid, 2)
                valueSize: Theme.fontTitle
            }
            Readout {
                objectName: "cellTemperature"; width: parent.cell
                label: qsTr("Cells min / max"); unit: Units.temperatureUnit
                value: Units.fmt(Units.temperature(page.e.temperatureMin), page.e.temperatureMinValid, 0) + " / "
                       + Units.fmt(Units.temperature(page.e.temperatureMax), page.e.temperatureMaxValid, 0)
                valueSize: Theme.fontTitle
            }
        }
    }

    Card {
        id: history
        title: qsTr("State of charge")
        anchors { left: parent.left; top: pack.bottom; bottom: parent.bottom; topMargin: Theme.gap }
        width: (parent.width - Theme.gap) / 2
        CText {
            anchors { right: parent.right; bottom: parent.top; bottomMargin: 6 }
            objectName: "energyStateOfCharge"
            text: Units.fmt(page.e.stateOfCharge, page.e.stateOfChargeValid, 0) + " %   "
                  + Units.fmt(Units.consumption(page.e.consumption), page.e.consumptionValid, 1) + " "
                  + Units.consumptionUnit
            font.weight: Font.DemiBold
        }
        LinePlot {
            objectName: "socHistoryPlot"
            anchors.fill: parent
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

    Card {
        id: charging
        title: qsTr("Charging")
        anchors { right: parent.right; top: pack.bottom; bottom: parent.bottom; topMargin: Theme.gap }
        width: (parent.width - Theme.gap) / 2
        CText {
            id: chargingSummary
            objectName: "chargingSummary"
            anchors { right: parent.right; bottom: parent.top; bottomMargin: 6 }
            readonly property bool active: page.e.chargingValid && page.e.charging
            text: active
                  ? Units.fmt(page.e.chargePower, page.e.chargePowerValid, 0) + " " + qsTr("kW") + "   "
                    + qsTr("%1 % in %2").arg(Units.fmt(page.e.chargeLimit, page.e.chargeLimitValid, 0))
                                        .arg(Units.duration(page.e.timeToComplete, page.e.timeToCompleteValid))
                  : (page.e.cablePluggedValid && page.e.cablePlugged ? qsTr("Plugged in")
                     : page.e.cablePluggedValid ? qsTr("Not plugged in") : Units.dash)
            color: active ? Theme.ok : Theme.textPrimary
            font.weight: Font.DemiBold
        }
        LinePlot {
            objectName: "chargeCurvePlot"
            anchors.fill: parent
            points: page.e.chargeCurve
            xMin: 0; xMax: 100
            yMin: 0; yMax: 250; yTicks: 5
            yUnit: " " + qsTr("kW")
            labelWidth: 104
            lineColor: Theme.ok
            xMinLabel: qsTr("0 %")
            xMaxLabel: qsTr("100 %")
            // While a session has just begun the curve has no points yet: say so, not "no session".
            emptyText: chargingSummary.active ? qsTr("Collecting…") : qsTr("No charging session yet")
        }
    }
}
