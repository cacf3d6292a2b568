// Each command's setup(), in process, through the same CommandLine as main(): what a command
// line parses to (defaults and given values), and which command lines CLI11 refuses, with a
// message that names the option. run() is never called, so nothing is read or written.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cmd_adsb.hpp"
#include "cmd_adsb_decode.hpp"
#include "cmd_adsb_flights.hpp"
#include "cmd_claims.hpp"
#include "cmd_estimate.hpp"
#include "cmd_extract.hpp"
#include "cmd_ingest.hpp"
#include "cmd_report.hpp"
#include "cmd_run.hpp"
#include "cmd_serve.hpp"
#include "cmd_simulate.hpp"
#include "commands.hpp"

namespace reckon::app {
namespace {

// Parses `args` (words split at spaces, without the program name) as `reckon args` would.
void parse(CommandLine& cli, const std::string& args) {
    std::vector<std::string> words;
    std::istringstream in(args);
    for (std::string word; in >> word;) words.push_back(word);
    std::vector<const char*> argv{"reckon"};
    for (const auto& w : words) argv.push_back(w.c_str());
    cli.app().parse(static_cast<int>(argv.size()), argv.data());
}

// The options of the command the parse selected, seen through a group (`adsb`) for its sub-commands.
// Throws when the parse selected another command.
template <class C>
const typename C::Options& parsed_options(const CommandLine& cli) {
    Command* command = cli.selected();
    if (auto* group = dynamic_cast<CommandGroup*>(command)) command = group->selected();
    const auto* typed = dynamic_cast<const C*>(command);
    if (typed == nullptr) throw std::logic_error("the command line selected another command");
    return typed->options();
}

template <class C>
struct Parses {
    std::string args;
    std::function<void(const typename C::Options&)> check;
};

template <class C>
void expect_parses(const std::vector<Parses<C>>& cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE("reckon " + c.args);
        CommandLine cli;
        try {
            parse(cli, c.args);
        } catch (const CLI::Error& e) {
            ADD_FAILURE() << "refused (" << e.get_name() << "): " << e.what();
            continue;
        }
        c.check(parsed_options<C>(cli));
    }
}

void expect_sampling(const SamplingOptions& got, int chains, int warmup, int draws, std::uint64_t seed,
                     int threads, bool overwrite, const std::string& model_data) {
    EXPECT_EQ(got.chains, chains);
    EXPECT_EQ(got.warmup, warmup);
    EXPECT_EQ(got.draws, draws);
    EXPECT_EQ(got.seed, seed);
    EXPECT_EQ(got.threads, threads);
    EXPECT_EQ(got.overwrite, overwrite);
    EXPECT_EQ(got.model_data, model_data);
}

using Files = std::vector<std::string>;

TEST(SetupParses, Extract) {
    expect_parses<ExtractCommand>({
        {"extract a.txt",
         [](const auto& o) {
             EXPECT_EQ(o.files, Files{"a.txt"});
             EXPECT_EQ(o.published, "");
             EXPECT_EQ(o.format, "");  // run() picks table on a terminal, else jsonl
             EXPECT_EQ(o.output, "");
             EXPECT_EQ(o.entities, "");
             EXPECT_FALSE(o.overwrite);
         }},
        {"extract a.txt b.pdf --published 2025-07-24 --format csv -o out.csv --overwrite --entities e.toml",
         [](const auto& o) {
             EXPECT_EQ(o.files, (Files{"a.txt", "b.pdf"}));
             EXPECT_EQ(o.published, "2025-07-24");
             EXPECT_EQ(o.format, "csv");
             EXPECT_EQ(o.output, "out.csv");
             EXPECT_EQ(o.entities, "e.toml");
             EXPECT_TRUE(o.overwrite);
         }},
        {"extract a.txt --output out.jsonl", [](const auto& o) { EXPECT_EQ(o.output, "out.jsonl"); }},
        // --published and --format are checked by run() (a UsageError, exit 2), not by CLI11.
        {"extract a.txt --format xml --published 24/07/2025",
         [](const auto& o) {
             EXPECT_EQ(o.format, "xml");
             EXPECT_EQ(o.published, "24/07/2025");
         }},
    });
}

TEST(SetupParses, Ingest) {
    expect_parses<IngestCommand>({
        {"ingest docs",
         [](const auto& o) {
             EXPECT_EQ(o.inputs, Files{"docs"});
             EXPECT_EQ(o.db, "reckon.db");
             EXPECT_EQ(o.published, "");
             EXPECT_EQ(o.entities, "");
         }},
        {"ingest a.html docs --db x.db --published 2025-07-24 --entities e.toml",
         [](const auto& o) {
             EXPECT_EQ(o.inputs, (Files{"a.html", "docs"}));
             EXPECT_EQ(o.db, "x.db");
             EXPECT_EQ(o.published, "2025-07-24");
             EXPECT_EQ(o.entities, "e.toml");
         }},
    });
}

TEST(SetupParses, Claims) {
    expect_parses<ClaimsCommand>({
        {"claims",
         [](const auto& o) {
             EXPECT_EQ(o.db, "reckon.db");
             EXPECT_EQ(o.metric, "");
             EXPECT_EQ(o.subject, "");
             EXPECT_EQ(o.format, "");
             EXPECT_EQ(o.output, "");
             EXPECT_FALSE(o.events);
             EXPECT_FALSE(o.overwrite);
         }},
        {"claims --db x.db --metric unit_cost --subject Shahed-136 --events --format csv -o c.csv "
         "--overwrite",
         [](const auto& o) {
             EXPECT_EQ(o.db, "x.db");
             EXPECT_EQ(o.metric, "unit_cost");
             EXPECT_EQ(o.subject, "Shahed-136");
             EXPECT_EQ(o.format, "csv");
             EXPECT_EQ(o.output, "c.csv");
             EXPECT_TRUE(o.events);
             EXPECT_TRUE(o.overwrite);
         }},
        // An unknown metric is refused by run(), with the list of metrics.
        {"claims --metric bananas", [](const auto& o) { EXPECT_EQ(o.metric, "bananas"); }},
    });
}

TEST(SetupParses, AdsbDecode) {
    expect_parses<AdsbDecodeCommand>({
        {"adsb decode capture.avr",
         [](const auto& o) {
             EXPECT_EQ(o.inputs, Files{"capture.avr"});
             EXPECT_EQ(o.input.format, "auto");
             EXPECT_EQ(o.output_format, "jsonl");
             EXPECT_EQ(o.output, "");
             EXPECT_EQ(o.receiver, "");
             EXPECT_EQ(o.input.sample_rate, "");
             EXPECT_FALSE(o.overwrite);
             EXPECT_FALSE(o.no_repair);
             EXPECT_FALSE(o.keep_unknown);
             EXPECT_DOUBLE_EQ(o.timeout_s, 30.0);
             EXPECT_EQ(o.limit, 0u);
         }},
        {"adsb decode - tcp://127.0.0.1:30005 --format beast --sample-rate 2.4 --output-format csv -o m.csv "
         "--overwrite --timeout 0.5 --limit 1000 --receiver 52.5,13.4 --no-repair --keep-unknown-addresses",
         [](const auto& o) {
             EXPECT_EQ(o.inputs, (Files{"-", "tcp://127.0.0.1:30005"}));
             EXPECT_EQ(o.input.format, "beast");
             EXPECT_EQ(o.input.sample_rate, "2.4");
             EXPECT_EQ(o.output_format, "csv");
             EXPECT_EQ(o.output, "m.csv");
             EXPECT_TRUE(o.overwrite);
             EXPECT_DOUBLE_EQ(o.timeout_s, 0.5);
             EXPECT_EQ(o.limit, 1000u);
             EXPECT_EQ(o.receiver, "52.5,13.4");
             EXPECT_TRUE(o.no_repair);
             EXPECT_TRUE(o.keep_unknown);
         }},
        // The range's ends are allowed.
        {"adsb decode x --timeout 86400", [](const auto& o) { EXPECT_DOUBLE_EQ(o.timeout_s, 86400.0); }},
    });
}

TEST(SetupParses, AdsbFlights) {
    const adsb::FlightRules defaults;
    expect_parses<AdsbFlightsCommand>({
        {"adsb flights tracks.json.gz --airports ourairports",
         [&defaults](const auto& o) {
             EXPECT_EQ(o.inputs, Files{"tracks.json.gz"});
             EXPECT_EQ(o.airports, "ourairports");
             EXPECT_EQ(o.aircraft, "");
             EXPECT_EQ(o.operators, "");
             EXPECT_EQ(o.watch, "");
             EXPECT_EQ(o.out, "");
             EXPECT_EQ(o.db, "");
             EXPECT_EQ(o.input.format, "auto");
             EXPECT_EQ(o.receiver, "");
             EXPECT_EQ(o.input.sample_rate, "");
             EXPECT_FALSE(o.overwrite);
             EXPECT_DOUBLE_EQ(o.rules.max_gap_s, defaults.max_gap_s);
             EXPECT_DOUBLE_EQ(o.rules.airport_radius_km, defaults.airport_radius_km);
             EXPECT_DOUBLE_EQ(o.rules.low_agl_ft, defaults.low_agl_ft);
         }},
        {"adsb flights a.avr b.bin --airports ap --aircraft ac.csv.gz --operators op.js.gz --watch w.toml "
         "--out f "
         "--overwrite --db r.db --format trajectory-json --sample-rate 2.0 --receiver 1,2 --max-gap 600 "
         "--airport-radius 5 --low-agl 1500",
         [](const auto& o) {
             EXPECT_EQ(o.inputs, (Files{"a.avr", "b.bin"}));
             EXPECT_EQ(o.airports, "ap");
             EXPECT_EQ(o.aircraft, "ac.csv.gz");
             EXPECT_EQ(o.operators, "op.js.gz");
             EXPECT_EQ(o.watch, "w.toml");
             EXPECT_EQ(o.out, "f");
             EXPECT_TRUE(o.overwrite);
             EXPECT_EQ(o.db, "r.db");
             EXPECT_EQ(o.input.format, "trajectory-json");
             EXPECT_EQ(o.input.sample_rate, "2.0");
             EXPECT_EQ(o.receiver, "1,2");
             EXPECT_DOUBLE_EQ(o.rules.max_gap_s, 600.0);
             EXPECT_DOUBLE_EQ(o.rules.airport_radius_km, 5.0);
             EXPECT_DOUBLE_EQ(o.rules.low_agl_ft, 1500.0);
         }},
        // --db without --watch and --out is refused by run(), with the reason.
        {"adsb flights x --airports ap --db r.db", [](const auto& o) { EXPECT_EQ(o.db, "r.db"); }},
    });
}

TEST(SetupParses, Estimate) {
    expect_parses<EstimateCommand>({
        {"estimate p.toml --out o",
         [](const auto& o) {
             EXPECT_EQ(o.programme, "p.toml");
             EXPECT_EQ(o.out, "o");
             EXPECT_EQ(o.db, "");
             expect_sampling(o.sampling, 4, 1000, 1000, 1, 0, false, "");
         }},
        {"estimate p.toml --out o --draws 50 --seed 7 --overwrite",
         [](const auto& o) { expect_sampling(o.sampling, 4, 1000, 50, 7, 0, true, ""); }},
        {"estimate p.toml --db r.db --out o --chains 2 --warmup 0 --draws 100000 --threads 3 --model-data "
         "m.json",
         [](const auto& o) {
             EXPECT_EQ(o.db, "r.db");
             expect_sampling(o.sampling, 2, 0, 100000, 1, 3, false, "m.json");
         }},
    });
}

TEST(SetupParses, Run) {
    expect_parses<RunCommand>({
        {"run examples/alabuga --out o",
         [](const auto& o) {
             EXPECT_EQ(o.programme_dir, "examples/alabuga");
             EXPECT_EQ(o.out, "o");
             expect_sampling(o.sampling, 4, 1000, 1000, 1, 0, false, "");
         }},
        {"run d --out o --chains 64 --draws 10 --seed 42 --overwrite",
         [](const auto& o) { expect_sampling(o.sampling, 64, 1000, 10, 42, 0, true, ""); }},
    });
}

TEST(SetupParses, Simulate) {
    expect_parses<SimulateCommand>({
        {"simulate --seed 7 --out sim7",
         [](const auto& o) {
             EXPECT_EQ(o.seed, 7u);
             EXPECT_EQ(o.out, "sim7");
             EXPECT_FALSE(o.overwrite);
         }},
        {"simulate --out s --seed 18446744073709551615 --overwrite",
         [](const auto& o) {
             EXPECT_EQ(o.seed, 18446744073709551615u);
             EXPECT_TRUE(o.overwrite);
         }},
    });
}

TEST(SetupParses, Report) {
    expect_parses<ReportCommand>({
        {"report examples/alabuga --out o",
         [](const auto& o) {
             EXPECT_EQ(o.programme, "examples/alabuga");
             EXPECT_EQ(o.out, "o");
             EXPECT_EQ(o.db, "");  // run() then looks for OUT/reckon.db
             expect_sampling(o.sampling, 4, 1000, 1000, 1, 0, false, "");
         }},
        {"report p.toml --out o --db o/reckon.db --draws 500 --overwrite",
         [](const auto& o) {
             EXPECT_EQ(o.db, "o/reckon.db");
             expect_sampling(o.sampling, 4, 1000, 500, 1, 0, true, "");
         }},
    });
}

TEST(SetupParses, Serve) {
    expect_parses<ServeCommand>({
        {"serve",
         [](const auto& o) {
             EXPECT_EQ(o.db, "reckon.db");
             EXPECT_EQ(o.programme, "");
             EXPECT_EQ(o.host, "127.0.0.1");
             EXPECT_EQ(o.port, 8080);
             EXPECT_EQ(o.token_file, "");
             expect_sampling(o.sampling, 4, 1000, 1000, 1, 0, false, "");
         }},
        {"serve --db d/reckon.db --programme p.toml --port 0 --host ::1 --token-file t --chains 1 --warmup "
         "10 "
         "--draws 20 --seed 3 --threads 2",
         [](const auto& o) {
             EXPECT_EQ(o.db, "d/reckon.db");
             EXPECT_EQ(o.programme, "p.toml");
             EXPECT_EQ(o.port, 0);
             EXPECT_EQ(o.host, "::1");
             EXPECT_EQ(o.token_file, "t");
             expect_sampling(o.sampling, 1, 10, 20, 3, 2, false, "");
         }},
    });
}

// A command line CLI11 refuses while parsing (main() prints the message and exits with 2).
struct Refused {
    const char* name;   // the case's name in ctest
    const char* args;   // after `reckon`
    const char* error;  // CLI11's exception name
    const char* message;
};

const std::vector<Refused> REFUSED = {
    {"no_command", "", "RequiredError", "A subcommand is required"},
    {"unknown_command", "frobnicate", "RequiredError", "A subcommand is required"},
    {"extract_no_file", "extract", "RequiredError", "files is required"},
    {"extract_unknown_option", "extract a --frob", "ExtrasError", "--frob"},
    {"extract_output_without_file", "extract a.txt -o", "ArgumentMismatch",
     "--output: 1 required FILE missing"},
    {"extract_overwrite_with_value", "extract a.txt --overwrite=maybe", "ConversionError",
     "Could not convert: --overwrite = maybe"},
    {"ingest_no_input", "ingest", "RequiredError", "inputs is required"},
    {"ingest_published_without_date", "ingest x --published", "ArgumentMismatch",
     "--published: 1 required DATE missing"},
    {"claims_unknown_option", "claims --frob", "ExtrasError", "--frob"},
    {"claims_db_without_file", "claims --db", "ArgumentMismatch", "--db: 1 required TEXT missing"},
    {"claims_events_with_value", "claims --events=x", "ConversionError", "Could not convert: --events = x"},
    {"adsb_no_subcommand", "adsb", "RequiredError", "A subcommand is required"},
    {"adsb_unknown_subcommand", "adsb frob", "RequiredError", "A subcommand is required"},
    {"adsb_decode_no_input", "adsb decode", "RequiredError", "inputs is required"},
    {"adsb_decode_timeout_zero", "adsb decode x --timeout 0", "ValidationError",
     "--timeout: Value 0 not in range 0.100000 to 86400.000000"},
    {"adsb_decode_limit_not_a_number", "adsb decode x --limit many", "ConversionError",
     "Could not convert: --limit = many"},
    {"adsb_flights_no_airports", "adsb flights x", "RequiredError", "--airports is required"},
    {"adsb_flights_max_gap_zero", "adsb flights x --airports a --max-gap 0", "ValidationError",
     "--max-gap: Value 0 not in range 1.000000 to 10000000.000000"},
    {"adsb_flights_radius_zero", "adsb flights x --airports a --airport-radius 0", "ValidationError",
     "--airport-radius: Value 0 not in range 0.100000 to 100.000000"},
    {"adsb_flights_low_agl_too_high", "adsb flights x --airports a --low-agl 30000", "ValidationError",
     "--low-agl: Value 30000 not in range 0.000000 to 20000.000000"},
    {"estimate_no_programme", "estimate --out o", "RequiredError", "programme is required"},
    {"estimate_no_out", "estimate p.toml", "RequiredError", "--out is required"},
    {"estimate_draws_too_few", "estimate p.toml --out o --draws 5", "ValidationError",
     "--draws: Value 5 not in range 10 to 100000"},
    {"estimate_chains_too_many", "estimate p.toml --out o --chains 65", "ValidationError",
     "--chains: Value 65 not in range 1 to 64"},
    {"estimate_warmup_negative", "estimate p.toml --out o --warmup -1", "ValidationError",
     "--warmup: Value -1 not in range 0 to 100000"},
    {"estimate_threads_not_a_number", "estimate p.toml --out o --threads x", "ConversionError",
     "Could not convert: --threads = x"},
    {"estimate_seed_negative", "estimate p.toml --out o --seed -1", "ValidationError",
     "--seed: -1 is negative"},
    {"simulate_seed_negative", "simulate --seed -3 --out o", "ValidationError", "--seed: -3 is negative"},
    {"adsb_decode_limit_negative", "adsb decode x --limit -5", "ValidationError", "--limit: -5 is negative"},
    {"estimate_two_programmes", "estimate p.toml q.toml --out o", "ExtrasError", "q.toml"},
    {"run_no_out", "run d", "RequiredError", "--out is required"},
    {"run_no_folder", "run --out o", "RequiredError", "programme_dir is required"},
    {"simulate_no_seed", "simulate --out o", "RequiredError", "--seed is required"},
    {"simulate_no_out", "simulate --seed 1", "RequiredError", "--out is required"},
    {"simulate_seed_not_a_number", "simulate --seed abc --out o", "ConversionError",
     "Could not convert: --seed = abc"},
    {"simulate_unknown_option", "simulate --seed 1 --out o --frob", "ExtrasError", "--frob"},
    {"report_no_programme", "report --out o", "RequiredError", "programme is required"},
    {"report_draws_too_many", "report p --out o --draws 100001", "ValidationError",
     "--draws: Value 100001 not in range 10 to 100000"},
    {"serve_port_too_high", "serve --port 70000", "ValidationError",
     "--port: Value 70000 not in range 0 to 65535"},
    {"serve_port_negative", "serve --port -1", "ValidationError", "--port: Value -1 not in range 0 to 65535"},
    {"serve_seed_negative", "serve --seed -2", "ValidationError", "--seed: -2 is negative"},
    {"serve_chains_zero", "serve --chains 0", "ValidationError", "--chains: Value 0 not in range 1 to 64"},
    {"serve_draws_too_few", "serve --draws 5", "ValidationError",
     "--draws: Value 5 not in range 10 to 100000"},
};

// The kind of parse error, by its type: get_name() is the app's name for some kinds (ExtrasError).
std::string kind(const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::RequiredError*>(&e)) return "RequiredError";
    if (dynamic_cast<const CLI::ValidationError*>(&e)) return "ValidationError";
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) return "ExtrasError";
    if (dynamic_cast<const CLI::ConversionError*>(&e)) return "ConversionError";
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return "ArgumentMismatch";
    return "another ParseError (" + e.get_name() + ")";
}

// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks a printer up by this name
void PrintTo(const Refused& c, std::ostream* os) { *os << "reckon " << c.args; }

class SetupRefuses : public testing::TestWithParam<Refused> {};

TEST_P(SetupRefuses, WithCli11Message) {
    const Refused& c = GetParam();
    CommandLine cli;
    try {
        parse(cli, c.args);
        FAIL() << "reckon " << c.args << ": parsed, expected " << c.error;
    } catch (const CLI::ParseError& e) {
        EXPECT_EQ(kind(e), c.error) << e.what();
        EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
            << "message: " << e.what() << "\nexpected in it: " << c.message;
    }
}

INSTANTIATE_TEST_SUITE_P(Table, SetupRefuses, testing::ValuesIn(REFUSED),
                         [](const testing::TestParamInfo<Refused>& info) {
                             return std::string(info.param.name);
                         });

// Every row of the table is a subcommand of the whole command line, and its --help is its own.
TEST(SetupTable, EveryCommandIsSetUpWithHelp) {
    for (const auto& entry : command_table()) {
        SCOPED_TRACE(entry.name);
        CommandLine cli;
        ASSERT_NO_THROW(cli.app().get_subcommand(entry.name));  // throws CLI::OptionNotFound
        EXPECT_THROW(parse(cli, std::string(entry.name) + " --help"), CLI::CallForHelp);
    }
    CommandLine cli;
    EXPECT_THROW(parse(cli, "--version"), CLI::CallForVersion);
    EXPECT_EQ(cli.selected(), nullptr);
}

}  // namespace
}  // namespace reckon::app
