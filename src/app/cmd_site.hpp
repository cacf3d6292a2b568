// `reckon site`: satellite-image commands, a table of sub-commands (compare, series, score),
// each a Command of its own. The work lives in reckon::imagery.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "command.hpp"

namespace reckon::app {

class SiteCommand : public CommandGroup {
public:
    // Adds every site sub-command and requires one of them.
    void setup(CLI::App& app) override;
};

// Options every site sub-command shares: the change method and how it is thresholded.
struct SiteMethodOptions {
    std::string method = "reckon", threshold;  // threshold empty: the method's own default
    std::vector<std::string> bands;
    bool no_clean = false, no_coregister = false;
    int min_area_px = -1;
    void add(CLI::App& app);
};

// `reckon site compare BEFORE AFTER --out DIR`: change polygons with areas, quick-looks.
class SiteCompareCommand : public Command {
public:
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string m_before, m_after, m_aoi, m_out;
    std::string m_store, m_site, m_before_date, m_after_date;
    bool m_overwrite = false;
    double m_simplify_px = 1.0;
    SiteMethodOptions m_method;
};

// `reckon site series IMAGE... --aoi AOI`: changed area against the first image, per image.
class SiteSeriesCommand : public Command {
public:
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::vector<std::string> m_images;
    std::string m_aoi, m_store, m_site;
    SiteMethodOptions m_method;
};

// `reckon site score BEFORE AFTER --truth LABEL`: a method's confusion counts and F1.
class SiteScoreCommand : public Command {
public:
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string m_before, m_after, m_truth, m_unchanged, m_rows;
    double m_change_value = -1;
    SiteMethodOptions m_method;
};

// `reckon site simulate --out DIR`: a synthetic pair with a known change (ENVI, georeferenced).
class SiteSimulateCommand : public Command {
public:
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string m_out;
    std::uint64_t m_seed = 1;
    int m_size = 240;
    bool m_overwrite = false;
};

}  // namespace reckon::app
