// Terminal progress bar.
#include "progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace reckon::app {

ProgressBar::ProgressBar() : m_enabled(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { clear(); }

bool ProgressBar::update(double fraction, std::string_view stage) {
    if (!m_enabled) return true;
    auto now = std::chrono::steady_clock::now();
    if (m_drawn && fraction < 1.0 && now - m_last_draw < std::chrono::milliseconds(100)) return true;
    m_last_draw = now;
    constexpr int WIDTH = 30;
    fraction = std::clamp(fraction, 0.0, 1.0);
    int filled = static_cast<int>(fraction * WIDTH);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(WIDTH, '.');
    std::string label(stage.substr(0, 40));
    std::fprintf(stderr, "\r[%s] %3d%% %-40s", bar.c_str(), static_cast<int>(fraction * 100), label.c_str());
    std::fflush(stderr);
    m_drawn = true;
    return true;
}

void ProgressBar::clear() {
    if (m_enabled && m_drawn) {
        std::fprintf(stderr, "\r%80s\r", "");
        std::fflush(stderr);
        m_drawn = false;
    }
}

core::ProgressFn ProgressBar::callback() {
    return [this](double f, std::string_view stage) { return update(f, stage); };
}

}  // namespace reckon::app
