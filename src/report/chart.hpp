// A small chart drawn with cairo into a PNG: bands, lines, bars and claim markers over linear
// axes with ticks, labels and a legend. The report's four figures are built from it
// (report.cpp); the web page draws the same data with uPlot, in the same colours (PALETTE).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reckon/report/report.hpp"

namespace reckon::report::detail {

struct Rgb {
    double r = 0, g = 0, b = 0;
};
// "#rrggbb" → colour; the palette below is written that way so it reads like web/src/format.js.
Rgb hex_colour(std::string_view hex);

// One colour per source class, the same as CLASS_COLOURS in web/src/format.js (docs/report.md).
struct ClassColour {
    std::string_view source_class;
    std::string_view hex;
};
inline constexpr ClassColour PALETTE[] = {
    {"official", "#1b7837"}, {"intelligence", "#7b3294"}, {"analyst", "#e08214"},
    {"company", "#2166ac"},  {"media", "#b2182b"},        {"unattributed", "#666666"},
};
Rgb class_colour(std::string_view source_class);

// The estimate's colours, as web/src/charts.js draws them.
inline constexpr std::string_view ESTIMATE_HEX = "#2166ac";
inline constexpr double BAND_50_ALPHA = 0.30, BAND_90_ALPHA = 0.13;
inline constexpr std::string_view USAGE_HEX = "#b2182b";
inline constexpr std::string_view CONTRACT_HEX[] = {"#b2182b", "#e08214", "#7b3294", "#1b7837"};

// How a claim bounds the quantity: a figure, an interval, a lower bound (over), an upper bound (under).
enum class MarkerShape { point, interval, lower_bound, upper_bound };

struct ClaimMarker {
    double x0 = 0, x1 = 0;  // the period it covers (equal for an instant)
    double y = 0;
    std::optional<double> low, high;
    MarkerShape shape = MarkerShape::point;
    Rgb colour;
    bool used = true;  // set-aside claims are drawn hollow
};

struct ChartSpec {
    std::string title, x_label, y_label;
    bool x_is_month = false;  // x is a month index (year * 12 + month - 1): ticks read "2024-01"
    bool log_axes =
        false;  // both axes logarithmic (a learning curve is a straight line so); values <= 0 are left out
};

class Chart {
public:
    explicit Chart(ChartSpec spec) : m_spec(std::move(spec)) {}

    // A filled band between two curves (bands are drawn first, under everything else).
    void band(std::vector<double> x, std::vector<double> lo, std::vector<double> hi, Rgb colour, double alpha,
              std::string label);
    void line(std::vector<double> x, std::vector<double> y, Rgb colour, double width_px, bool dashed,
              std::string label);
    // Bars centred on x, `width` in x units, from zero.
    void bars(std::vector<double> x, std::vector<double> y, double width, Rgb colour, std::string label);
    // A labelled horizontal line (a contract's quantity) with a vertical mark at x_mark (its due date).
    void level(double y, std::optional<double> x_mark, Rgb colour, std::string label);
    // Claims, coloured by source class; `used` ones also set the y range, set-aside ones that lie
    // above it are drawn as arrows at the top edge.
    void claims(std::vector<ClaimMarker> markers);
    // A legend entry for the claims of one source class (markers carry no label themselves).
    void claims_legend(Rgb colour, std::string label);
    // A legend entry explaining a marker's shape (grey); `hollow` for set-aside claims.
    void shape_legend(MarkerShape shape, bool hollow, std::string label);

    // Renders the chart as PNG bytes, CHART_WIDTH_PX × CHART_HEIGHT_PX. Throws reckon::Error
    // if cairo cannot draw.
    std::string png() const;

private:
    struct Curve {
        std::vector<double> x, lo, hi;  // lines use hi only
        Rgb colour;
        double alpha = 1, width = 1;
        bool dashed = false;
    };
    struct Bars {
        std::vector<double> x, y;
        double width = 1;
        Rgb colour;
    };
    struct Level {
        double y = 0;
        std::optional<double> x_mark;
        Rgb colour;
        std::string label;
    };
    enum class LegendKind { swatch, stroke, marker };
    struct LegendItem {
        Rgb colour;
        double alpha = 1;
        std::string label;
        LegendKind kind = LegendKind::stroke;
        MarkerShape shape = MarkerShape::point;
        bool hollow = false;
    };

    void extend(double x, std::optional<double> y);

    ChartSpec m_spec;
    std::vector<Curve> m_bands, m_lines;
    std::vector<Bars> m_bars;
    std::vector<Level> m_levels;
    std::vector<ClaimMarker> m_markers;
    std::vector<LegendItem> m_legend;
    double m_x_min = 0, m_x_max = 0, m_y_max = 0;
    double m_y_min_positive = 0;  // for a logarithmic y axis
    bool m_has_x = false;
};

}  // namespace reckon::report::detail
