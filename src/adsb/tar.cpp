// A tar walker for globe_history day archives (archives.hpp): 512-byte headers, octal or
// base-256 sizes, GNU long names ('L') and pax path records ('x'); members are streamed to the
// caller and skipped otherwise, so a day of traces is never unpacked.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "line_parser.hpp"
#include "reckon/adsb/archives.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {

namespace {

constexpr std::size_t BLOCK = 512;
constexpr std::uint64_t MAX_NAME_BYTES = std::uint64_t{64}
                                         << 10;  // a long-name or pax record larger is not a name

// Reads exactly `n` bytes, or fewer at the end of the stream.
std::size_t read_full(ByteSource& s, std::uint8_t* out, std::size_t n) {
    std::size_t have = 0;
    while (have < n) {
        const std::size_t got = s.read({out + have, n - have});
        if (got == 0) break;
        have += got;
    }
    return have;
}

std::optional<std::uint64_t> field_number(const std::uint8_t* f, std::size_t n) {
    if (f[0] & 0x80) {  // base-256 (GNU) for sizes of 8 GiB and more
        std::uint64_t v = f[0] & 0x7f;
        for (std::size_t i = 1; i < n; ++i) {
            if (v >> 55) return std::nullopt;
            v = (v << 8) | f[i];
        }
        return v;
    }
    std::uint64_t v = 0;
    std::size_t i = 0;
    while (i < n && (f[i] == ' ' || f[i] == 0)) ++i;
    bool any = false;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; ++i) {
        if (v >> 60) return std::nullopt;
        v = v * 8 + (f[i] - '0');
        any = true;
    }
    for (; i < n; ++i)
        if (f[i] != ' ' && f[i] != 0) return std::nullopt;
    return any ? std::optional<std::uint64_t>(v) : std::optional<std::uint64_t>(0);
}

bool checksum_ok(const std::uint8_t* h) {
    const auto stored = field_number(h + 148, 8);
    if (!stored) return false;
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < BLOCK; ++i) sum += (i >= 148 && i < 156) ? ' ' : h[i];
    return sum == *stored;
}

// A NUL-terminated field of a header, or the whole field when it fills its width.
std::string c_string(std::string_view field) { return std::string(field.substr(0, field.find('\0'))); }

// The member's bytes: no more than its size, the rest skipped by drain().
class MemberSource : public ByteSource {
public:
    MemberSource(ByteSource& parent, std::uint64_t size, std::string name)
        : m_parent(parent), m_left(size), m_name(std::move(name)) {}
    std::size_t read(std::span<std::uint8_t> buf) override {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), m_left));
        if (want == 0) return 0;
        const std::size_t n = m_parent.read(buf.first(want));
        if (n == 0) m_cut = true;
        m_left -= n;
        return n;
    }
    std::string name() const override { return m_name; }
    // Reads what the caller left; false when the stream ended first.
    bool drain() {
        std::array<std::uint8_t, 1 << 16> skip{};
        while (m_left > 0 && !m_cut) read(skip);
        return !m_cut;
    }

private:
    ByteSource& m_parent;
    std::uint64_t m_left;
    std::string m_name;
    bool m_cut = false;
};

// The "path" record of a pax extended header, or "".
std::string pax_path(std::string_view records) {
    while (!records.empty()) {
        const auto space = records.find(' ');
        if (space == std::string_view::npos) break;
        std::size_t len = 0;
        for (char c : records.substr(0, space)) {
            if (c < '0' || c > '9') return {};
            len = len * 10 + static_cast<std::size_t>(c - '0');
            if (len > records.size()) return {};
        }
        if (len <= space + 1) return {};
        const std::string_view rec = records.substr(space + 1, len - space - 1);
        if (rec.starts_with("path=")) {
            std::string_view v = rec.substr(5);
            if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
            return std::string(v);
        }
        records.remove_prefix(len);
    }
    return {};
}

}  // namespace

bool is_tar(std::string_view head) {
    if (head.size() < BLOCK) return false;
    const auto* h = detail::as_bytes(head).data();
    return head.substr(257, 5) == "ustar" && checksum_ok(h);
}

std::optional<std::uint32_t> trace_member_address(std::string_view name) {
    const auto slash = name.rfind('/');
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    for (std::string_view prefix : {"trace_full_", "trace_recent_"}) {
        if (!name.starts_with(prefix)) continue;
        name.remove_prefix(prefix.size());
        if (!name.empty() && name[0] == '~') name.remove_prefix(1);
        if (name.size() < 6) return std::nullopt;
        std::uint32_t v = 0;
        for (char c : name.substr(0, 6)) {
            const int d = (c >= '0' && c <= '9')   ? c - '0'
                          : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                          : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                   : -1;
            if (d < 0) return std::nullopt;
            v = (v << 4) | static_cast<std::uint32_t>(d);
        }
        return v;
    }
    return std::nullopt;
}

std::size_t MemorySource::read(std::span<std::uint8_t> buf) {
    const std::size_t n = std::min(buf.size(), m_bytes.size() - m_at);
    std::memcpy(buf.data(), m_bytes.data() + m_at, n);
    m_at += n;
    return n;
}

void walk_tar(
    ByteSource& source,
    const std::function<void(const std::string& name, std::uint64_t size, ByteSource& content)>& member) {
    std::array<std::uint8_t, BLOCK> h{};
    std::uint64_t offset = 0;
    std::string long_name;
    int zero_blocks = 0;
    for (;;) {
        const std::size_t n = read_full(source, h.data(), BLOCK);
        if (n == 0) return;  // no end-of-archive blocks: accepted, as tar(1) does
        if (n < BLOCK)
            throw InputError(Location{source.name(), {}, {}, offset}, "the archive ends inside a tar header",
                             "the file is truncated: download or copy it again");
        if (std::all_of(h.begin(), h.end(), [](std::uint8_t b) { return b == 0; })) {
            offset += BLOCK;
            if (++zero_blocks == 2) return;
            continue;
        }
        zero_blocks = 0;
        if (!checksum_ok(h.data()))
            throw InputError(Location{source.name(), {}, {}, offset}, "a tar header's checksum fails",
                             "the archive is damaged or not a tar: check it with `tar tf`");
        const auto size = field_number(h.data() + 124, 12);
        if (!size)
            throw InputError(Location{source.name(), {}, {}, offset}, "a tar header has an unreadable size",
                             "the archive is damaged: check it with `tar tf`");
        const char type = static_cast<char>(h[156]);
        std::string name = c_string(detail::as_text({h.data(), 100}));
        std::string prefix = c_string(detail::as_text({h.data() + 345, 155}));
        if (!prefix.empty() && std::memcmp(h.data() + 257, "ustar", 5) == 0)
            name = prefix.append("/").append(name);
        if (!long_name.empty()) {
            name = long_name;
            long_name.clear();
        }
        offset += BLOCK;
        MemberSource content(source, *size, source.name() + ":" + name);
        if (type == 'L' || type == 'x') {
            if (*size <= MAX_NAME_BYTES) {
                std::string text(static_cast<std::size_t>(*size), '\0');
                const std::size_t got =
                    read_full(content, detail::as_writable_bytes(text).data(), text.size());
                text.resize(got);
                long_name = type == 'L' ? c_string(text) : pax_path(text);
            }
        } else if (type == '0' || type == '\0' || type == '7') {
            member(name, *size, content);
        }
        if (!content.drain())
            throw InputError(Location{source.name(), {}, {}, offset},
                             fmt::format("the archive ends inside the member {}", name),
                             "the file is truncated: download or copy it again");
        offset += *size;
        const std::uint64_t pad = (BLOCK - *size % BLOCK) % BLOCK;
        std::array<std::uint8_t, BLOCK> skip{};
        if (read_full(source, skip.data(), static_cast<std::size_t>(pad)) < pad) return;
        offset += pad;
    }
}

}  // namespace reckon::adsb
