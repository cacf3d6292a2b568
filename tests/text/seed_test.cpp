// The flagship acceptance check: the seed article (../shared/seed/article.txt), read as
// plain text, as a saved HTML page and as a PDF built from it at run time, must yield
// every claim and the event an analyst reads out of it (../shared/seed/expected.json) with
// the right metric, value (±0.5%), unit, qualifier and period, and nothing from the
// teaser list at its end. Nothing of the article is committed to the project.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "example_gazetteer.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/text/extract.hpp"
#include "seed_documents.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using reckon::core::Claim;

namespace {

const fs::path SEED_DIR = fs::path(RECKON_SHARED_DIR) / "seed";
constexpr double VALUE_TOLERANCE = 0.005;  // ±0.5%, as the acceptance criterion says

json read_json(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

std::string period_of(const Claim& c) {
    return c.period ? reckon::core::to_iso(c.period->first) + ".." + reckon::core::to_iso(c.period->last)
                    : "-";
}

// Why `got` does not match `want`, or empty when it does.
std::string mismatch(const json& want, const Claim& got) {
    if (got.metric != want["metric"]) return "metric " + got.metric;
    double v = want["value"].get<double>();
    if (std::fabs(got.value - v) > VALUE_TOLERANCE * std::fabs(v))
        return "value " + reckon::core::format_value(got.value);
    if (got.unit != want["unit"]) return "unit " + got.unit;
    if (reckon::core::to_string(got.qualifier) != want["qualifier"].get<std::string>())
        return "qualifier " + std::string(reckon::core::to_string(got.qualifier));
    if (want.contains("period")) {
        std::string p = want["period"][0].get<std::string>() + ".." + want["period"][1].get<std::string>();
        if (period_of(got) != p) return "period " + period_of(got);
    }
    if (want.contains("due") && (!got.due || reckon::core::to_iso(*got.due) != want["due"])) return "due";
    if (want.contains("said")) {
        std::string s = want["said"][0].get<std::string>() + ".." + want["said"][1].get<std::string>();
        if (!got.said ||
            reckon::core::to_iso(got.said->first) + ".." + reckon::core::to_iso(got.said->last) != s)
            return "said";
    }
    if (want.contains("low") && (!got.low || std::fabs(*got.low - want["low"].get<double>()) > 1e-9))
        return "low";
    return {};
}

class SeedArticle : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (!fs::exists(SEED_DIR / "article.txt")) GTEST_SKIP() << "../shared/seed is not present";
        expected = read_json(SEED_DIR / "expected.json");
        published = reckon::core::parse_iso_date(expected["published"].get<std::string>());
        dir = fs::temp_directory_path() / ("reckon_seed_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    // The article in the format under test, written to a temporary file.
    fs::path make_input(const std::string& format) {
        if (format == "text") return SEED_DIR / "article.txt";
        fs::path p = dir / ("article." + format);
        if (format == "html") {
            std::ofstream(p) << reckon::seed::seed_article_html();
        } else {
            reckon::seed::write_seed_article_pdf(p);
        }
        return p;
    }

    json expected;
    std::optional<reckon::core::Date> published;
    fs::path dir;
};

TEST_P(SeedArticle, FindsEveryExpectedClaimAndTheFlight) {
    const std::string format = GetParam();
    auto gazetteer = reckon::test::alabuga_gazetteer();
    // HTML carries its date in meta tags; text and PDF need it from the user.
    auto doc = reckon::text::extract_file(make_input(format), gazetteer,
                                          format == "html" ? std::nullopt : published);
    std::ostringstream all;
    for (const auto& c : doc.claims) all << "  " << reckon::core::to_json(c).dump() << "\n";

    for (const auto& want : expected["claims"]) {
        std::string closest;
        bool found = false;
        for (const auto& got : doc.claims) {
            std::string why = mismatch(want, got);
            if (why.empty()) {
                found = true;
                break;
            }
            if (got.metric == want["metric"] || closest.empty()) closest = why + " in: " + got.quantity_text;
        }
        EXPECT_TRUE(found) << format << ": no claim matches " << want.dump() << "\n  closest: " << closest
                           << "\n  claims found:\n"
                           << all.str();
    }

    ASSERT_EQ(doc.events.size(), 1u) << format;
    const auto& ev = doc.events[0];
    const auto& want = expected["events"][0];
    EXPECT_EQ(ev.kind, want["kind"]);
    ASSERT_TRUE(ev.date.has_value());
    EXPECT_EQ(reckon::core::to_iso(*ev.date), want["date"]);
    for (const char* role : {"aircraft_type", "operator", "from", "to"})
        EXPECT_EQ(ev.roles.count(role) ? ev.roles.at(role) : "", want[role].get<std::string>()) << role;
    EXPECT_EQ(reckon::core::to_string(ev.attribution.source_class),
              want["attribution"]["class"].get<std::string>());
}

TEST_P(SeedArticle, TakesNothingFromTheTeaserList) {
    const std::string format = GetParam();
    auto gazetteer = reckon::test::alabuga_gazetteer();
    auto doc = reckon::text::extract_file(make_input(format), gazetteer, published);
    // The teaser list is everything after the first lone "-" line of the text version.
    std::ifstream in(SEED_DIR / "article.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    std::size_t tail = text.find("\n-\n");
    ASSERT_NE(tail, std::string::npos);
    std::string teaser = text.substr(tail);
    for (const auto& c : doc.claims) {
        EXPECT_EQ(teaser.find(c.sentence), std::string::npos)
            << format << ": claim from the teaser list: " << c.sentence;
        EXPECT_NE(c.subject, "Health");
    }
    for (const auto& e : doc.events) EXPECT_EQ(teaser.find(e.sentence), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Formats, SeedArticle, ::testing::Values("text", "html", "pdf"),
                         [](const auto& info) { return info.param; });

}  // namespace
