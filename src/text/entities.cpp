// Gazetteer matching: index aliases by their first word, then confirm the rest of the
// alias byte by byte at each word start. Linear in the text for a fixed gazetteer. The
// built-in entries are data/gazetteer.txt, compiled in; none belongs to one programme.
#include "reckon/text/entities.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "reckon/core/ascii.hpp"
#include "reckon/core/csv.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/read_file.hpp"
#include "reckon/core/text.hpp"

namespace reckon::text {

namespace detail {
// data/gazetteer.txt, embedded by cmake/embed_text.cmake at build time.
extern const std::string_view GAZETTEER_TXT;
}  // namespace detail

namespace {

bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Length of the word starting at `i`: ASCII letters and digits plus non-ASCII letters; the
// General Punctuation block (U+2000–U+206F: curly quotes, dashes) ends a word, so
// "Russia’s" is the word "Russia".
std::size_t word_end(std::string_view text, std::size_t i) {
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xE2 && i + 1 < text.size() &&
            (static_cast<unsigned char>(text[i + 1]) == 0x80 ||
             static_cast<unsigned char>(text[i + 1]) == 0x81))
            break;
        if (!is_word_byte(c)) break;
        ++i;
    }
    return i;
}

using core::ascii_lower;

std::size_t two_bytes(char a, char b) {
    return static_cast<std::size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
}

std::string first_word(std::string_view lower_alias) {
    return std::string(lower_alias.substr(0, word_end(lower_alias, 0)));
}

// A comma-separated field of an entities-file line (aliases, a position): each part trimmed,
// empty ones dropped.
std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    std::size_t b = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',') {
            if (const auto alias = core::trim(s.substr(b, i - b)); !alias.empty()) out.emplace_back(alias);
            b = i + 1;
        }
    }
    return out;
}

constexpr std::array<std::string_view, 6> KIND_NAMES = {"product", "site", "organisation",
                                                        "country", "city", "person"};

// "lat,lon" in WGS 84 degrees; nullopt unless both are numbers in range.
std::optional<Gazetteer::Position> parse_position(std::string_view text) {
    const auto parts = split_list(text);
    if (parts.size() != 2) return std::nullopt;
    std::array<double, 2> deg = {0, 0};
    for (std::size_t k = 0; k < 2; ++k) {
        const auto& p = parts[k];
        const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), deg[k]);
        if (p.empty() || ec != std::errc() || end != p.data() + p.size()) return std::nullopt;
    }
    if (std::abs(deg[0]) > 90 || std::abs(deg[1]) > 180) return std::nullopt;
    return Gazetteer::Position{deg[0], deg[1]};
}

}  // namespace

std::string_view to_string(EntityKind k) { return KIND_NAMES[static_cast<std::size_t>(k)]; }

Gazetteer Gazetteer::builtin() {
    Gazetteer g;
    g.load_text(detail::GAZETTEER_TXT, "data/gazetteer.txt (built in)");
    return g;
}

void Gazetteer::add(Entity entity) {
    std::size_t index = m_entities.size();
    if (std::find(entity.aliases.begin(), entity.aliases.end(), entity.name) == entity.aliases.end())
        entity.aliases.push_back(entity.name);
    for (const auto& alias : entity.aliases) {
        std::string lower_alias = ascii_lower(alias);
        std::string key = first_word(lower_alias);
        if (key.empty()) continue;
        m_first_two.set(two_bytes(key[0], key.size() > 1 ? key[1] : '\0'));
        m_first_word_lengths[static_cast<unsigned char>(key[0])] |= length_bit(key.size());
        auto& bucket = m_by_first_word[key];
        const bool acronym =
            std::none_of(alias.begin(), alias.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        bucket.push_back({lower_alias, index, acronym, acronym ? alias : std::string()});
        std::stable_sort(bucket.begin(), bucket.end(),
                         [](const Alias& a, const Alias& b) { return a.lower.size() > b.lower.size(); });
    }
    m_entities.push_back(std::move(entity));
}

void Gazetteer::load_file(const std::filesystem::path& path) {
    load_text(core::read_file(path, "check the path given to --entities"), path.string());
}

void Gazetteer::load_text(std::string_view text, const std::string& source) {
    // One entity a line, '|'-separated, '#' starts a comment line (docs/extraction.md#entities).
    core::CsvReader reader(text, source, {.separator = '|', .comment = '#'});
    core::CsvRecord record;
    std::vector<std::string> fields;
    while (reader.next(record)) {
        fields.clear();
        for (const auto& f : record.fields) fields.emplace_back(core::trim(f));
        if (fields.size() == 1 && fields[0].empty()) continue;  // a line of spaces
        if (fields.size() < 3 || fields.size() > 5 || fields[1].empty())
            throw InputError({source, record.line},
                             "expected 'kind | Canonical Name | alias, alias [| country [| lat,lon]]'",
                             "fix the line or remove it");
        const auto* kind_it = std::find(KIND_NAMES.begin(), KIND_NAMES.end(), fields[0]);
        if (kind_it == KIND_NAMES.end())
            throw InputError({source, record.line}, "unknown entity kind '" + fields[0] + "'",
                             "use one of: product, site, organisation, country, city, person");
        std::optional<Position> where;
        if (fields.size() == 5) {
            where = parse_position(fields[4]);
            if (!where)
                throw InputError({source, record.line}, "bad position '" + fields[4] + "'",
                                 "write it as latitude,longitude in degrees, e.g. 55.7558,37.6173");
        }
        Entity e{fields[1], static_cast<EntityKind>(kind_it - KIND_NAMES.begin()),
                 fields.size() >= 4 ? fields[3] : "", split_list(fields[2])};
        if (where) set_position(e.name, *where);
        add(std::move(e));
    }
}

std::vector<EntityMention> Gazetteer::find(std::string_view text) const {
    std::vector<EntityMention> out;
    std::string word;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t w_end = word_end(text, i);
        if (w_end == i) {
            ++i;
            continue;
        }
        if (w_end - i < 2 || !m_first_two.test(two_bytes(ascii_lower(text[i]), ascii_lower(text[i + 1]))) ||
            !(m_first_word_lengths[static_cast<unsigned char>(ascii_lower(text[i]))] &
              length_bit(w_end - i))) {
            i = w_end;
            continue;
        }
        word.assign(text.substr(i, w_end - i));
        for (auto& c : word) c = ascii_lower(c);
        if (auto it = m_by_first_word.find(word); it != m_by_first_word.end()) {
            for (const auto& alias : it->second) {
                std::size_t n = alias.lower.size();
                if (i + n > text.size()) continue;
                bool same = true;
                if (alias.exact_case)
                    same = text.substr(i, n) == alias.written;
                else
                    for (std::size_t k = 0; k < n && same; ++k)
                        same = ascii_lower(text[i + k]) == alias.lower[k];
                // The alias must end on a word boundary ("Iran" is not in "Iranian").
                if (!same || word_end(text, i + n) != i + n) continue;
                out.push_back({i, i + n, &m_entities[alias.entity]});
                w_end = std::max(w_end, i + n);
                break;
            }
        }
        i = w_end;
    }
    return out;
}

void Gazetteer::set_position(const std::string& canonical_name, Position where) {
    m_positions[canonical_name] = where;
}

std::optional<Gazetteer::Position> Gazetteer::position(const Entity& entity) const {
    const auto it = m_positions.find(entity.name);
    if (it == m_positions.end()) return std::nullopt;
    return it->second;
}

const Entity* Gazetteer::lookup(std::string_view name) const {
    std::string l = ascii_lower(name);
    auto it = m_by_first_word.find(first_word(l));
    if (it == m_by_first_word.end()) return nullptr;
    for (const auto& alias : it->second)
        if (alias.lower == l) return &m_entities[alias.entity];
    return nullptr;
}

}  // namespace reckon::text
