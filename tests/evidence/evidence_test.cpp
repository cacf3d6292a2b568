// Tests of the evidence: claim keys follow their row, the latest review wins (reject sets a
// claim aside, correct replaces the figure), and classify() sorts claims into observations,
// relays, targets and claims set aside with their reasons.
#include "reckon/evidence/evidence.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reckon/core/error.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using reckon::core::Review;
using reckon::core::ReviewAction;
using reckon::evidence::Evidence;
using reckon::evidence::read_claims_csv;

namespace {

const char* const HEADER =
    "report_date,url,metric,reckon_metric,reckon_value,reckon_low,reckon_high,reckon_unit,reckon_qualifier,"
    "period_start,period_end,source_class,origin,use\n";
const char* const ROW_A =
    "2025-01-01,u,w,production_rate,2700,,,unit/month,approx,2025-01-01,2025-01-31,media,a,yes\n";
const char* const ROW_B =
    "2025-02-01,u,w,production_rate,3000,2500,3500,unit/month,range,2025-02-01,2025-02-28,official,b,yes\n";

// Files the tests write, removed when the test binary exits.
const reckon::tests::ScratchDir& scratch() {
    static const reckon::tests::ScratchDir dir("reckon-evidence-test");
    return dir;
}

fs::path write_csv(const std::string& name, const std::string& text) {
    fs::path p = scratch().path() / (std::to_string(::getpid()) + "-" + name);
    std::ofstream(p) << text;
    return p;
}

// A review as an analyst would submit it (id and time are the store's to set).
reckon::core::Review make_review(const std::string& key, reckon::core::ReviewAction action,
                                 const std::string& who, std::int64_t id, const std::string& at,
                                 const std::string& note) {
    reckon::core::Review r;
    r.claim_key = key, r.action = action, r.who = who, r.id = id, r.at = at, r.note = note;
    return r;
}

}  // namespace

TEST(ClaimKeys, FollowTheRowNotItsLine) {
    const auto a = read_claims_csv(write_csv("reckon-keys-1.csv", std::string(HEADER) + ROW_A + ROW_B));
    const auto b = read_claims_csv(write_csv("reckon-keys-1.csv", std::string(HEADER) + ROW_B + ROW_A));
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(a[0].key, b[1].key);
    EXPECT_EQ(a[1].key, b[0].key);
    EXPECT_NE(a[0].key, a[1].key);
    EXPECT_EQ(a[0].key.rfind("csv:" + std::to_string(::getpid()) + "-reckon-keys-1.csv:", 0), 0u) << a[0].key;
    // An identical second row gets a key of its own.
    const auto c = read_claims_csv(write_csv("reckon-keys-1.csv", std::string(HEADER) + ROW_A + ROW_A));
    EXPECT_NE(c[0].key, c[1].key);
}

TEST(Reviews, LatestWinsRejectSetsAsideCorrectReplaces) {
    Evidence ev;
    ev.claims = read_claims_csv(write_csv("reckon-reviews.csv", std::string(HEADER) + ROW_A + ROW_B));
    const std::string ka = ev.claims[0].key;
    const std::string kb = ev.claims[1].key;
    Review r1 = make_review(ka, ReviewAction::reject, "ana", 1, "t1", "");
    Review r2 = make_review(ka, ReviewAction::accept, "ben", 2, "t2", "");
    Review r3 = make_review(kb, ReviewAction::correct, "ana", 3, "t3", "");
    r3.value_after = 2000;
    Review stray = make_review("csv:gone.csv:0000000000000000", ReviewAction::reject, "x", 4, "", "");
    reckon::evidence::apply_reviews(ev, {r3, r2, r1, stray});  // any order: ids decide

    EXPECT_TRUE(ev.claims[0].use);  // accepted after being rejected
    ASSERT_TRUE(ev.claims[0].review.has_value());
    EXPECT_EQ(ev.claims[0].review->who, "ben");
    EXPECT_EQ(ev.claims[0].status, reckon::evidence::ClaimStatus::pending);

    EXPECT_EQ(ev.claims[1].value, 2000);
    EXPECT_FALSE(ev.claims[1].low.has_value());                          // a range corrected to one figure...
    EXPECT_EQ(ev.claims[1].qualifier, reckon::core::Qualifier::approx);  // ...becomes approximate

    Review r5 = make_review(ka, ReviewAction::reject, "cy", 5, "t5", "");
    reckon::evidence::apply_reviews(ev, {r1, r2, r5});
    EXPECT_FALSE(ev.claims[0].use);
    EXPECT_EQ(ev.claims[0].status, reckon::evidence::ClaimStatus::set_aside);
    EXPECT_EQ(ev.claims[0].status_text(), "set aside: rejected by cy (t5)");
    ASSERT_EQ(ev.claims[0].history.size(), 3u);  // every review of the key, oldest first
    EXPECT_EQ(ev.claims[0].history.front().who, "ana");
}

namespace {

using reckon::evidence::ClaimStatus;
using reckon::evidence::EvidenceClaim;
using reckon::evidence::ProductRole;
using reckon::evidence::Programme;

// A claim about a month of 2025 with the given metric, product label and origin.
EvidenceClaim claim(const std::string& metric, double value, const std::string& product = "",
                    const std::string& origin = "") {
    EvidenceClaim c;
    c.key = "k" + std::to_string(value) + metric + product + origin;
    c.file = "claims.csv", c.line = 2;
    c.metric = metric, c.value = value, c.unit = "unit/month", c.product = product, c.origin = origin;
    c.period = {reckon::core::make_date(2025, 3, 1), reckon::core::make_date(2025, 3, 31)};
    return c;
}

Programme labelled_programme() {
    Programme p;
    p.file = "programme.toml";
    p.product_labels = {{"widget", ProductRole::own},
                        {"all", ProductRole::wider},
                        {"imported", ProductRole::related},
                        {"decoy", ProductRole::unrelated}};
    return p;
}

}  // namespace

TEST(Classify, TargetsAreTheProductsOwnGoalsOnly) {
    Evidence ev;
    ev.claims = {claim("plan", 5000, "widget"), claim("plan", 900, "imported"),
                 claim("contract_quantity", 6000)};
    reckon::evidence::classify(ev, labelled_programme());
    EXPECT_EQ(ev.claims[0].status, ClaimStatus::target);
    EXPECT_EQ(ev.claims[1].status, ClaimStatus::set_aside);
    EXPECT_EQ(ev.claims[1].status_text(), "set aside: a goal for 'imported', not for the product");
    EXPECT_EQ(ev.claims[2].status, ClaimStatus::target);  // no label: the product itself
}

TEST(Classify, SetsAsideWithTheReason) {
    Evidence ev;
    ev.claims = {claim("production_rate", 100, "decoy"), claim("workforce", 30000),
                 claim("production_rate", 200)};
    ev.claims[2].use = false;
    reckon::evidence::classify(ev, labelled_programme());
    EXPECT_EQ(ev.claims[0].status_text(), "set aside: not about the product (decoy)");
    EXPECT_EQ(ev.claims[1].status_text(), "set aside: the model has no workforce");
    EXPECT_EQ(ev.claims[2].status_text(), "set aside: marked use=no");
    for (const auto& c : ev.claims) EXPECT_FALSE(c.used());
}

TEST(Classify, RelaysOfOneOriginOrOneFigureCountOnce) {
    Evidence ev;
    ev.claims = {claim("production_rate", 2700, "", "hur-1"), claim("production_rate", 2650, "", "media-2"),
                 claim("production_rate", 2000, "", "hur-1"), claim("production_rate", 1000, "", "other")};
    ev.claims[0].line = 5;
    reckon::evidence::classify(ev, labelled_programme());
    EXPECT_EQ(ev.claims[0].status, ClaimStatus::observation);
    EXPECT_EQ(ev.claims[1].status, ClaimStatus::relay);  // within 2% of the first, same month
    EXPECT_EQ(ev.claims[1].status_text(), "relay of claims.csv:5");
    EXPECT_EQ(ev.claims[1].relay_of, 0);
    EXPECT_EQ(ev.claims[2].status, ClaimStatus::relay);  // same origin, whatever the figure
    EXPECT_EQ(ev.claims[3].status, ClaimStatus::observation);
}

TEST(Classify, LeavesDecidedClaimsAlone) {
    Evidence ev;
    ev.claims = {claim("production_rate", 2700)};
    ev.claims[0].set_aside("rejected by ana (t1)");
    reckon::evidence::classify(ev, labelled_programme());
    EXPECT_EQ(ev.claims[0].status_text(), "set aside: rejected by ana (t1)");
}

TEST(ClaimsFromDocuments, KeyedByTheDocumentsHashAndNamedByItsPath) {
    Programme p = labelled_programme();
    p.product = "Widget";
    reckon::core::Claim c;
    c.metric = "production_rate", c.subject = "Widget", c.value = 40, c.unit = "unit/day", c.start = 10,
    c.end = 30;
    c.period = reckon::core::whole_month(2025, 3);
    c.document = std::string(64, 'a');
    reckon::core::DocumentInfo d;
    d.sha256 = c.document, d.path = "documents/widget.txt";
    const auto out = reckon::evidence::claims_from_documents({c}, {d}, p);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "doc:aaaaaaaaaaaaaaaa:10-30:production_rate");
    EXPECT_EQ(out[0].file, "documents/widget.txt");
    EXPECT_TRUE(out[0].from_document());

    c.document = "examples/alabuga/documents/report.txt";  // a path is not an identity
    try {
        reckon::evidence::claims_from_documents({c}, {d}, p);
        ADD_FAILURE() << "a claim named by path was accepted";
    } catch (const reckon::Error& e) {
        EXPECT_NE(std::string(e.what()).find("not by its SHA-256"), std::string::npos) << e.what();
    }
}

TEST(Flights, SourceComesFromTheRecordAndCoordinatesAreNumbers) {
    reckon::core::DocumentInfo adsb;
    reckon::core::DocumentInfo text;
    adsb.sha256 = std::string(64, 'b'), adsb.format = "adsb-matches";
    text.sha256 = std::string(64, 'c'), text.format = "html";
    reckon::core::Event a;
    reckon::core::Event t;
    reckon::core::Event visit;
    a.kind = t.kind = "flight";
    visit.kind = "visit";
    a.document = adsb.sha256, t.document = text.sha256;
    a.roles = {{"icao24", "730abc"},  {"to_inferred", "yes"}, {"from_lat", "35.69"},
               {"from_lon", "51.31"}, {"to_lat", "north"},    {"to_lon", "1"}};
    t.roles = {{"from", "Moscow"}};
    std::vector<std::string> notes;
    const auto flights = reckon::evidence::flights_from_events({a, t, visit}, {adsb, text}, notes);
    ASSERT_EQ(flights.size(), 2u);
    EXPECT_EQ(flights[0].source, reckon::evidence::Flight::Source::adsb);
    ASSERT_TRUE(flights[0].from_position.has_value());
    EXPECT_DOUBLE_EQ(flights[0].from_position->lat_deg, 35.69);
    EXPECT_FALSE(flights[0].to_position.has_value());
    EXPECT_TRUE(flights[0].to_inferred);
    EXPECT_FALSE(flights[0].from_inferred);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("'to' position (north, 1)"), std::string::npos) << notes[0];
    EXPECT_EQ(flights[1].source, reckon::evidence::Flight::Source::text);
}

TEST(ReadEvidence, RefusesAProductLabelTheProgrammeDoesNotExplain) {
    const fs::path dir = fs::temp_directory_path() / ("reckon-labels-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "claims.csv")
        << "report_date,url,metric,reckon_metric,reckon_value,reckon_unit,reckon_qualifier,"
           "period_start,period_end,source_class,product,use\n"
           "2025-01-01,u,w,production_rate,10,unit/month,exact,2025-01-01,2025-01-31,"
           "media,widget,yes\n"
           "2025-01-01,u,w,production_rate,10,unit/month,exact,2025-01-01,2025-01-31,"
           "media,gadget,yes\n";
    std::ofstream(dir / "programme.toml")
        << "name = \"t\"\nproduct = \"Widget\"\nstart = \"2025-01\"\nend = \"2025-12\"\n"
           "[evidence]\nclaims = \"claims.csv\"\n"
           "[evidence.products]\nown = [\"widget\"]\n";
    const auto programme = reckon::evidence::load_programme(dir / "programme.toml");
    try {
        reckon::evidence::read_evidence(programme);
        ADD_FAILURE() << "an unlisted product label was accepted";
    } catch (const reckon::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("claims.csv:3"), std::string::npos) << what;
        EXPECT_NE(what.find("product label 'gadget' is not listed"), std::string::npos) << what;
        EXPECT_NE(e.hint().find("widget (own)"), std::string::npos) << e.hint();
    }
    fs::remove_all(dir);
}

TEST(Programme, ALabelHasOneRole) {
    const fs::path dir = fs::temp_directory_path() / ("reckon-roles-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "programme.toml")
        << "name = \"t\"\nproduct = \"Widget\"\nstart = \"2025-01\"\nend = \"2025-12\"\n"
           "[evidence.products]\nown = [\"widget\"]\nunrelated = [\"widget\"]\n";
    try {
        reckon::evidence::load_programme(dir / "programme.toml");
        ADD_FAILURE() << "a label with two roles was accepted";
    } catch (const reckon::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("programme.toml:7"), std::string::npos) << what;
        EXPECT_NE(what.find("'widget' is listed as both own and unrelated"), std::string::npos) << what;
    }
    fs::remove_all(dir);
}
