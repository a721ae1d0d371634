pragma Singleton
import QtQuick

// Unit conversion and number formatting, in one place so metric/imperial applies everywhere.
// Bindings that call these functions depend on `imperial`, so a switch updates every readout.
QtObject {
    property bool imperial: false
    property bool clock24: true          // from the settings: 12 h for English with imperial units
    readonly property string dash: "\u2014"

    readonly property string speedUnit: imperial ? qsTr("mph") : qsTr("km/h")
    readonly property string distanceUnit: imperial ? qsTr("mi") : qsTr("km")
    readonly property string shortDistanceUnit: imperial ? qsTr("ft") : qsTr("m")
    readonly property string temperatureUnit: imperial ? "\u00B0F" : "\u00B0C"
    readonly property string consumptionUnit: imperial ? qsTr("kWh/100 mi") : qsTr("kWh/100 km")

    // Metric VSS unit -> {unit, factor, offset}: the one table, cockpit/vocabulary.py IMPERIAL,
    // set by Main.qml from the vocabulary Python passes in.
    property var conversions: ({})

    function convert(value, metricUnit) {
        var c = conversions[metricUnit]
        return imperial && c ? value * c.factor + c.offset : value
    }
    function speed(kmh) { return convert(kmh, "km/h") }
    function distance(km) { return convert(km, "km") }
    function shortDistance(m) { return convert(m, "m") }
    function temperature(c) { return convert(c, "celsius") }
    function consumption(kwhPer100km) { return convert(kwhPer100km, "kWh/100km") }

    // A number with `decimals` places, or a dash when the signal may not be shown as true.
    function fmt(value, valid, decimals) {
        if (!valid || value === undefined || value === null || isNaN(value))
            return dash
        var places = decimals === undefined ? 0 : decimals
        var text = Number(value).toFixed(places)
        // -0.2 rounds to "-0": a sign on nothing is noise to a driver
        return Number(text) === 0 ? Number(0).toFixed(places) : text
    }
    // "1 h 05 min" / "35 min" for a duration in seconds.
    function duration(seconds, valid) {
        if (!valid || seconds === undefined || isNaN(seconds))
            return dash
        var minutes = Math.round(seconds / 60)
        if (minutes < 60)
            return qsTr("%1 min").arg(minutes)
        return qsTr("%1 h %2 min").arg(Math.floor(minutes / 60)).arg(("0" + (minutes % 60)).slice(-2))
    }
    // The time of day ("14:32", or "2:32 PM" on a 12-hour clock) for wall-clock milliseconds.
    function clockTime(epochMs) {
        return Qt.formatTime(new Date(epochMs), clock24 ? "HH:mm" : "h:mm AP")
    }
    // The distance to a maneuver the way a navigator says it: metres (feet) when near, rounded.
    function maneuverDistance(km, valid) {
        if (!valid || km === undefined || isNaN(km))
            return dash
        if (imperial) {
            var feet = km * 3280.84
            return feet < 1000 ? qsTr("%1 ft").arg(Math.max(0, Math.round(feet / 50) * 50))
                               : qsTr("%1 mi").arg((km * 0.621371).toFixed(1))
        }
        return km < 1 ? qsTr("%1 m").arg(Math.max(0, Math.round(km * 100) * 10))
                      : qsTr("%1 km").arg(km.toFixed(1))
    }
}
