// A programme file (TOML, docs/programme.md): the product and its aliases, producers, time
// range, contracts, known import batches, where the evidence lives, and the priors.
// load_programme() reads and checks it; every error names the file and line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/date.hpp"
#include "reckon/estimate/model.hpp"

namespace reckon::estimate {

// A calendar month, counted from year 0 so that months subtract.
struct Month {
    int index = 0;  // year * 12 + (month - 1)
    static Month of(const core::Date& d);
    // "YYYY-MM" (or a full date, whose month is taken); nullopt if malformed.
    static std::optional<Month> parse(std::string_view text);
    int year() const { return index / 12; }
    unsigned month() const { return static_cast<unsigned>(index % 12) + 1; }
    core::Date first_day() const;
    core::Date last_day() const;
    int days() const;
    std::string to_string() const;  // "YYYY-MM"
    auto operator<=>(const Month&) const = default;
};

struct Contract {
    std::string name;
    double quantity = 0;
    core::Date due;
    std::optional<double> value_usd;
    std::string source;
};

struct ImportSpec {
    std::string name;
    Month first, last;
    double quantity = 0;
    double log_sd = 0.3;
    std::string source;
};

struct LaunchSpec {
    std::filesystem::path file;
    std::string date_column = "month";
    std::string model_column;        // empty: no filter
    std::vector<std::string> models; // rows whose model is one of these
    std::string count_column = "launched";
    std::string share_column;        // count of the product among the launches, where given
    std::string share_base_column;   // the launches that share_column was counted from (default: the row's count)
    struct Share {
        Month first, last;
        double mean = 1, sd = 0.05;
    };
    std::vector<Share> shares;
};

struct DocumentSpec {
    std::filesystem::path path;
    std::optional<core::Date> published;
    bool optional = false;  // skipped with a note when absent (e.g. ../shared beside the checkout)
};

struct SeriesSpec {
    std::string name;
    Month start;  // numbering starts with this month's production
};

struct Programme {
    std::filesystem::path file;  // the TOML file itself
    std::filesystem::path dir;   // its folder: relative paths are resolved from here
    std::string name;
    std::string product;
    std::vector<std::string> aliases;
    std::vector<std::string> producers;
    Month first, last;         // the time range, inclusive
    Month production_start;    // months before make nothing
    std::vector<core::Date> report_dates;  // cumulative output is reported at these dates
    std::vector<Contract> contracts;
    std::vector<ImportSpec> imports;
    std::optional<std::filesystem::path> claims_csv;
    std::optional<LaunchSpec> launches;
    std::optional<std::filesystem::path> serials_csv;
    std::vector<SeriesSpec> series;
    std::vector<DocumentSpec> documents;  // files or folders
    Priors priors;

    int months() const { return last.index - first.index + 1; }
    // Month index within the range (may be outside [0, months())).
    int offset(Month m) const { return m.index - first.index; }
};

// Reads and checks a programme file. Throws InputError naming the file and line of a
// malformed or inconsistent entry, with what to write instead.
Programme load_programme(const std::filesystem::path& file);

}  // namespace reckon::estimate
