// A progress bar on stderr, drawn only when stderr is a terminal, so pipes and logs stay
// clean and stdout (data) is never touched. Use as a core::ProgressFn.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "reckon/core/progress.hpp"

namespace reckon::app {

class ProgressBar {
public:
    ProgressBar();
    ~ProgressBar();  // clears the bar
    // Redraws at most ~10 times a second. Always returns true (never cancels).
    bool update(double fraction, std::string_view stage);
    void clear();
    core::ProgressFn callback();
    bool enabled() const { return m_enabled; }

private:
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_last_draw{};
};

}  // namespace reckon::app
