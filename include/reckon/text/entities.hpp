// The gazetteer: named things reckon recognises in text, each with a canonical name, a
// kind and aliases (Russia = Russian Federation; Kyiv = Kiev). The built-in list holds only
// general entries (countries, cities and where they are), shipped as data/gazetteer.txt and
// compiled in; a programme's products, sites and producers come from its own entity file
// (examples/alabuga/entities.txt). Matching is case-insensitive on word boundaries, longest
// alias first.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reckon::text {

enum class EntityKind { product, site, organisation, country, city, person };
std::string_view to_string(EntityKind k);

struct Entity {
    std::string name;  // canonical
    EntityKind kind = EntityKind::organisation;
    std::string country;               // for sites and cities: the country's canonical name
    std::vector<std::string> aliases;  // include the canonical name itself
};

struct EntityMention {
    std::size_t start = 0, end = 0;  // byte offsets in the searched text
    const Entity* entity = nullptr;  // owned by the Gazetteer
};

class Gazetteer {
public:
    Gazetteer() = default;
    // The built-in entities: data/gazetteer.txt as it was at build time (countries and
    // cities, with positions). Nothing of any one programme.
    static Gazetteer builtin();

    void add(Entity entity);
    // Adds entities from a text file, one per line (docs/extraction.md#entities):
    //   kind | Canonical Name | alias, alias, ... [| country [| lat,lon]]
    // with '#' comments; the country may be left empty before a position, which is WGS 84
    // degrees. Throws InputError naming the file and line on a malformed line.
    void load_file(const std::filesystem::path& path);
    // The same from text in memory; `source` names it in errors (a path or "built-in ...").
    void load_text(std::string_view text, const std::string& source);

    // Every mention in `text`, in order, non-overlapping, longest first.
    std::vector<EntityMention> find(std::string_view text) const;
    const Entity* lookup(std::string_view name) const;  // by canonical name or alias

    // Where a place is (WGS 84 degrees), for maps: cities and sites that have one.
    struct Position {
        double lat_deg = 0, lon_deg = 0;
    };
    void set_position(const std::string& canonical_name, Position where);
    std::optional<Position> position(const Entity& entity) const;
    std::size_t size() const { return m_entities.size(); }

private:
    struct Alias {
        std::string lower;  // lower-cased alias
        std::size_t entity;
        // An acronym in capitals ("US", "UK", "DPRK") matches only as written, so that the
        // pronoun "us" is not the United States.
        bool exact_case = false;
        std::string written;
    };
    std::vector<Entity> m_entities;
    std::unordered_map<std::string, Position> m_positions;  // canonical name → position
    // Which two lower-case bytes start an alias: a filter before hashing each word.
    std::bitset<65536> m_first_two;
    // For each lower-case first byte, the lengths (bit n = n bytes, 31 = longer) of the first
    // words of aliases: the second filter, so that "the" or "south" is hashed only if some
    // alias starts with a word of its length.
    std::array<std::uint32_t, 256> m_first_word_lengths{};
    static std::uint32_t length_bit(std::size_t n) { return n < 31 ? 1u << n : 1u << 31; }
    // First word of each alias (lower case) → aliases starting with it, longest first.
    std::unordered_map<std::string, std::vector<Alias>> m_by_first_word;
};

}  // namespace reckon::text
