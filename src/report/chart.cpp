// Drawing the report's charts with cairo (see chart.hpp). Hand-written rather than a plotting
// library because the figures are few and fixed, cairo is already a dependency, and the PNGs
// must match the page's colours and markers claim for claim.
#include "chart.hpp"

#include <cairo.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "reckon/core/error.hpp"

namespace reckon::report::detail {

namespace {

// Layout in pixels: the plot area, and the legend column to its right.
constexpr double LEFT_PX = 82, TOP_PX = 46, RIGHT_PX = 200, BOTTOM_PX = 62;
constexpr double LEGEND_X_PX = CHART_WIDTH_PX - RIGHT_PX + 18;
constexpr double FONT_PX = 12, TITLE_FONT_PX = 15;
constexpr double MARKER_RADIUS_PX = 4;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
}

// About `target` round tick values (1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target) {
    std::vector<double> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
    const double raw = (hi - lo) / target;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push_back(t);
    return ticks;
}

// The smallest round value at or above v, so the y axis ends on a tick.
double nice_ceiling(double v) {
    if (!(v > 0) || !std::isfinite(v)) return 1;
    const auto ticks = nice_ticks(0, v, 5);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : v;
    return std::ceil(v / step - 1e-9) * step;
}

std::string thousands(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

std::string axis_number(double v) {
    const double a = std::abs(v);
    if (a >= 1e9) return fmt::format("{:g}B", v / 1e9);
    if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
    if (a >= 1e5) return fmt::format("{:g}k", v / 1e3);
    if (a >= 1 || a == 0) return thousands(std::llround(v)) == "-0" ? "0" : thousands(std::llround(v));
    return fmt::format("{:g}", v);
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void set_colour(cairo_t* cr, Rgb c, double alpha = 1) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

void text_at(cairo_t* cr, double x, double y, const std::string& text, double align_x, double align_y) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, text.c_str(), &e);
    cairo_move_to(cr, x - e.x_advance * align_x, y + e.height * align_y);
    cairo_show_text(cr, text.c_str());
}

void marker_path(cairo_t* cr, MarkerShape shape, double cx, double cy) {
    const double r = MARKER_RADIUS_PX;
    switch (shape) {
        case MarkerShape::lower_bound:  // ▲: the truth is at or above
            cairo_move_to(cr, cx, cy - r * 1.4);
            cairo_line_to(cr, cx + r * 1.2, cy + r * 0.6);
            cairo_line_to(cr, cx - r * 1.2, cy + r * 0.6);
            cairo_close_path(cr);
            break;
        case MarkerShape::upper_bound:  // ▼: the truth is at or below
            cairo_move_to(cr, cx, cy + r * 1.4);
            cairo_line_to(cr, cx + r * 1.2, cy - r * 0.6);
            cairo_line_to(cr, cx - r * 1.2, cy - r * 0.6);
            cairo_close_path(cr);
            break;
        default:
            cairo_new_sub_path(cr);
            cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
            break;
    }
}

struct CairoDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};

}  // namespace

Rgb hex_colour(std::string_view hex) {
    if (hex.size() != 7 || hex[0] != '#') return {};
    auto byte = [&](std::size_t i) { return (hex_digit(hex[i]) * 16 + hex_digit(hex[i + 1])) / 255.0; };
    return {byte(1), byte(3), byte(5)};
}

Rgb class_colour(std::string_view source_class) {
    for (const auto& c : PALETTE)
        if (c.source_class == source_class) return hex_colour(c.hex);
    return hex_colour(PALETTE[std::size(PALETTE) - 1].hex);
}

void Chart::extend(double x, std::optional<double> y) {
    if (!std::isfinite(x) || (m_spec.log_axes && x <= 0)) return;
    if (m_spec.log_axes && y && *y > 0 && std::isfinite(*y))
        m_y_min_positive = m_y_min_positive > 0 ? std::min(m_y_min_positive, *y) : *y;
    if (!m_has_x) m_x_min = m_x_max = x, m_has_x = true;
    m_x_min = std::min(m_x_min, x), m_x_max = std::max(m_x_max, x);
    if (y && std::isfinite(*y)) m_y_max = std::max(m_y_max, *y);
}

void Chart::band(std::vector<double> x, std::vector<double> lo, std::vector<double> hi, Rgb colour,
                 double alpha, std::string label) {
    for (std::size_t i = 0; i < x.size() && i < hi.size(); ++i) extend(x[i], hi[i]);
    m_legend.push_back({colour, alpha, std::move(label), LegendKind::swatch});
    m_bands.push_back({std::move(x), std::move(lo), std::move(hi), colour, alpha, 0, false});
}

void Chart::line(std::vector<double> x, std::vector<double> y, Rgb colour, double width_px, bool dashed,
                 std::string label) {
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) extend(x[i], y[i]);
    m_legend.push_back({colour, 1, std::move(label), LegendKind::stroke});
    m_lines.push_back({std::move(x), {}, std::move(y), colour, 1, width_px, dashed});
}

void Chart::bars(std::vector<double> x, std::vector<double> y, double width, Rgb colour, std::string label) {
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        extend(x[i] - width / 2, y[i]);
        extend(x[i] + width / 2, std::nullopt);
    }
    m_legend.push_back({colour, 0.6, std::move(label), LegendKind::swatch});
    m_bars.push_back({std::move(x), std::move(y), width, colour});
}

void Chart::level(double y, std::optional<double> x_mark, Rgb colour, std::string label) {
    if (std::isfinite(y)) m_y_max = std::max(m_y_max, y);
    if (x_mark) extend(*x_mark, std::nullopt);
    m_legend.push_back({colour, 1, label, LegendKind::stroke});
    m_levels.push_back({y, x_mark, colour, std::move(label)});
}

void Chart::claims(std::vector<ClaimMarker> markers) {
    for (const auto& m : markers) {
        extend(m.x0, std::nullopt);
        extend(m.x1, m.used ? std::optional<double>(m.high.value_or(m.y)) : std::nullopt);
    }
    m_markers.insert(m_markers.end(), markers.begin(), markers.end());
}

void Chart::claims_legend(Rgb colour, std::string label) {
    m_legend.push_back({colour, 1, std::move(label), LegendKind::marker});
}

void Chart::shape_legend(MarkerShape shape, bool hollow, std::string label) {
    m_legend.push_back({hex_colour("#555555"), 1, std::move(label), LegendKind::marker, shape, hollow});
}

std::string Chart::png() const {
    std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, CHART_WIDTH_PX, CHART_HEIGHT_PX));
    std::unique_ptr<cairo_t, CairoDeleter> context(cairo_create(surface.get()));
    cairo_t* cr = context.get();
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        throw Error(fmt::format("cannot draw the chart '{}': {}", m_spec.title,
                                cairo_status_to_string(cairo_status(cr))),
                    "free some memory and run again");

    const double plot_w = CHART_WIDTH_PX - LEFT_PX - RIGHT_PX, plot_h = CHART_HEIGHT_PX - TOP_PX - BOTTOM_PX;
    const bool log = m_spec.log_axes;
    // On log axes the range ends on 1, 2 or 5 times a power of ten, as the ticks do.
    auto decade_below = [](double v) {
        const double d = std::pow(10.0, std::floor(std::log10(v)));
        return v >= 5 * d ? 5 * d : v >= 2 * d ? 2 * d : d;
    };
    auto decade_above = [](double v) {
        const double d = std::pow(10.0, std::floor(std::log10(v)));
        return v <= d ? d : v <= 2 * d ? 2 * d : v <= 5 * d ? 5 * d : 10 * d;
    };
    double x_lo = m_has_x ? m_x_min : 0, x_hi = m_has_x && m_x_max > m_x_min ? m_x_max : x_lo + 1;
    double y_lo = 0, y_hi = nice_ceiling(m_y_max * 1.04);
    if (log) {
        x_lo = x_lo > 0 ? decade_below(x_lo) : 1, x_hi = x_hi > x_lo ? decade_above(x_hi) : x_lo * 10;
        y_lo = m_y_min_positive > 0 ? decade_below(m_y_min_positive) : 1;
        y_hi = m_y_max > y_lo ? decade_above(m_y_max) : y_lo * 10;
    }
    // Fractions of the axis; a value a log axis cannot show (<= 0) falls just below it.
    auto fraction = [log](double v, double lo, double hi) {
        if (!log) return (v - lo) / (hi - lo);
        return v > 0 ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : -1.0;
    };
    auto fx = [&](double x) { return fraction(x, x_lo, x_hi); };
    auto fy = [&](double y) { return fraction(y, y_lo, y_hi); };
    auto px = [&](double x) { return LEFT_PX + std::clamp(fx(x), -0.05, 1.05) * plot_w; };
    auto py = [&](double y) { return TOP_PX + plot_h - std::clamp(fy(y), -0.02, 1.02) * plot_h; };
    // 1, 2 and 5 times each power of ten over a short range; the powers alone over a long one.
    auto log_ticks = [](double lo, double hi) {
        std::vector<double> ticks;
        const bool long_range = hi / lo > 1e3;
        for (double decade = std::pow(10.0, std::floor(std::log10(lo))); decade < hi * 1.0001; decade *= 10)
            for (double m : {1.0, 2.0, 5.0})
                if ((!long_range || m == 1) && m * decade >= lo * 0.9999 && m * decade <= hi * 1.0001)
                    ticks.push_back(m * decade);
        return ticks;
    };

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, TITLE_FONT_PX);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, LEFT_PX, 24, m_spec.title, 0, 0);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, FONT_PX);

    // Grid and ticks.
    cairo_set_line_width(cr, 1);
    for (double t : log ? log_ticks(y_lo, y_hi) : nice_ticks(0, y_hi, 5)) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, LEFT_PX, std::round(py(t)) + 0.5);
        cairo_line_to(cr, LEFT_PX + plot_w, std::round(py(t)) + 0.5);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        text_at(cr, LEFT_PX - 6, py(t), axis_number(t), 1, 0.5);
    }
    std::vector<std::pair<double, std::string>> x_ticks;
    if (m_spec.x_is_month) {
        const int months = static_cast<int>(std::ceil(x_hi - x_lo));
        int step = 1;
        for (int s : {1, 2, 3, 6, 12, 24, 60})
            if ((step = s) * 9 >= months) break;
        for (int m = static_cast<int>(std::ceil(x_lo)); m <= static_cast<int>(std::floor(x_hi)); ++m)
            if (m % step == 0)
                x_ticks.push_back({m, step >= 12 ? fmt::format("{}", m / 12)
                                                 : fmt::format("{}-{:02}", m / 12, m % 12 + 1)});
    } else {
        for (double t : log ? log_ticks(x_lo, x_hi) : nice_ticks(x_lo, x_hi, 6))
            x_ticks.push_back({t, axis_number(t)});
    }
    for (const auto& [t, label] : x_ticks) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, std::round(px(t)) + 0.5, TOP_PX);
        cairo_line_to(cr, std::round(px(t)) + 0.5, TOP_PX + plot_h);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        text_at(cr, px(t), TOP_PX + plot_h + 8, label, 0.5, 1);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_rectangle(cr, LEFT_PX + 0.5, TOP_PX + 0.5, plot_w, plot_h);
    cairo_stroke(cr);
    text_at(cr, LEFT_PX + plot_w / 2, CHART_HEIGHT_PX - 14, m_spec.x_label, 0.5, 0);
    cairo_save(cr);
    cairo_translate(cr, 18, TOP_PX + plot_h / 2);
    cairo_rotate(cr, -M_PI / 2);
    text_at(cr, 0, 0, m_spec.y_label, 0.5, 0.5);
    cairo_restore(cr);

    // The data, clipped to the plot area.
    cairo_save(cr);
    cairo_rectangle(cr, LEFT_PX, TOP_PX, plot_w, plot_h);
    cairo_clip(cr);
    for (const auto& b : m_bands) {
        std::vector<std::size_t> keep;
        for (std::size_t i = 0; i < std::min({b.x.size(), b.lo.size(), b.hi.size()}); ++i)
            if (std::isfinite(b.lo[i]) && std::isfinite(b.hi[i]) && (!log || (b.x[i] > 0 && b.lo[i] > 0)))
                keep.push_back(i);
        if (keep.empty()) continue;
        cairo_move_to(cr, px(b.x[keep[0]]), py(b.hi[keep[0]]));
        for (std::size_t i : keep) cairo_line_to(cr, px(b.x[i]), py(b.hi[i]));
        for (auto it = keep.rbegin(); it != keep.rend(); ++it) cairo_line_to(cr, px(b.x[*it]), py(b.lo[*it]));
        cairo_close_path(cr);
        set_colour(cr, b.colour, b.alpha);
        cairo_fill(cr);
    }
    for (const auto& b : m_bars)
        for (std::size_t i = 0; i < b.x.size() && i < b.y.size(); ++i) {
            if (!std::isfinite(b.y[i])) continue;
            cairo_rectangle(cr, px(b.x[i] - b.width / 2), py(b.y[i]),
                            px(b.x[i] + b.width / 2) - px(b.x[i] - b.width / 2), py(0) - py(b.y[i]));
            set_colour(cr, b.colour, 0.6);
            cairo_fill(cr);
        }
    for (const auto& l : m_lines) {
        bool pen_down = false;
        for (std::size_t i = 0; i < l.x.size() && i < l.hi.size(); ++i) {
            if (!std::isfinite(l.hi[i]) || (log && (l.x[i] <= 0 || l.hi[i] <= 0))) {
                pen_down = false;
                continue;
            }
            if (pen_down)
                cairo_line_to(cr, px(l.x[i]), py(l.hi[i]));
            else
                cairo_move_to(cr, px(l.x[i]), py(l.hi[i]));
            pen_down = true;
        }
        const double dash[] = {6, 4};
        cairo_set_dash(cr, dash, l.dashed ? 2 : 0, 0);
        cairo_set_line_width(cr, l.width);
        set_colour(cr, l.colour);
        cairo_stroke(cr);
    }
    for (const auto& l : m_levels) {
        const double dash[] = {8, 4};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 1.5);
        set_colour(cr, l.colour);
        cairo_move_to(cr, LEFT_PX, py(l.y));
        cairo_line_to(cr, LEFT_PX + plot_w, py(l.y));
        if (l.x_mark) {
            cairo_move_to(cr, px(*l.x_mark), TOP_PX);
            cairo_line_to(cr, px(*l.x_mark), TOP_PX + plot_h);
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_set_line_width(cr, 1.5);
    for (const auto& m : m_markers) {
        if (log && (m.x0 <= 0 || m.y <= 0)) continue;
        const double cx = px((m.x0 + m.x1) / 2);
        set_colour(cr, m.colour, m.used ? 1 : 0.7);
        if (m.y > y_hi * 1.02) {  // off the scale: an arrow at the top edge says where it went
            cairo_move_to(cr, cx, TOP_PX + 2);
            cairo_line_to(cr, cx + 5, TOP_PX + 10);
            cairo_line_to(cr, cx - 5, TOP_PX + 10);
            cairo_close_path(cr);
            cairo_fill(cr);
            continue;
        }
        const double cy = py(m.y);
        cairo_move_to(cr, px(m.x0), cy);
        cairo_line_to(cr, px(m.x1), cy);
        if (m.low && m.high) {
            cairo_move_to(cr, cx, py(*m.low));
            cairo_line_to(cr, cx, py(*m.high));
            for (double end : {*m.low, *m.high}) {
                cairo_move_to(cr, cx - 4, py(end));
                cairo_line_to(cr, cx + 4, py(end));
            }
        }
        cairo_stroke(cr);
        marker_path(cr, m.shape, cx, cy);
        if (m.used) {
            cairo_fill(cr);
        } else {
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill_preserve(cr);
            set_colour(cr, m.colour, 0.7);
            cairo_stroke(cr);
        }
    }
    cairo_restore(cr);

    // The legend, one entry a line, in the column right of the plot.
    double ly = TOP_PX + 6;
    for (const auto& item : m_legend) {
        switch (item.kind) {
            case LegendKind::swatch:
                cairo_rectangle(cr, LEGEND_X_PX, ly - 5, 18, 10);
                set_colour(cr, item.colour, std::max(item.alpha, 0.2));
                cairo_fill(cr);
                break;
            case LegendKind::stroke:
                cairo_set_line_width(cr, 2);
                set_colour(cr, item.colour);
                cairo_move_to(cr, LEGEND_X_PX, ly);
                cairo_line_to(cr, LEGEND_X_PX + 18, ly);
                cairo_stroke(cr);
                break;
            case LegendKind::marker:
                cairo_set_line_width(cr, 1.5);
                marker_path(cr, item.shape, LEGEND_X_PX + 9, ly);
                if (item.hollow) {
                    cairo_set_source_rgb(cr, 1, 1, 1);
                    cairo_fill_preserve(cr);
                    set_colour(cr, item.colour);
                    cairo_stroke(cr);
                } else {
                    set_colour(cr, item.colour);
                    cairo_fill(cr);
                }
                break;
        }
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        // Long labels (contract names) are cut to the column's width, a whole UTF-8 character at a time.
        std::string label = item.label;
        auto width = [&](const std::string& s) {
            cairo_text_extents_t e;
            cairo_text_extents(cr, s.c_str(), &e);
            return e.x_advance;
        };
        if (width(label) > RIGHT_PX - 44) {
            while (label.size() > 1 && width(label + "…") > RIGHT_PX - 44) {
                while (!label.empty() && (static_cast<unsigned char>(label.back()) & 0xC0) == 0x80)
                    label.pop_back();
                if (!label.empty()) label.pop_back();
            }
            label += "…";
        }
        text_at(cr, LEGEND_X_PX + 24, ly, label, 0, 0.4);
        ly += 20;
    }

    cairo_surface_flush(surface.get());
    std::string png;
    if (cairo_surface_write_to_png_stream(surface.get(), append_png, &png) != CAIRO_STATUS_SUCCESS)
        throw Error(fmt::format("cannot encode the chart '{}' as PNG", m_spec.title),
                    "free some memory and run again");
    return png;
}

}  // namespace reckon::report::detail
