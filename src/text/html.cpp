// Saved web pages: gumbo parses the HTML (tolerant of any malformed input, entities
// decoded), then we pick the article's container, drop page furniture by tag, role and
// class/id (the Readability heuristics), cut what is left into paragraphs at block
// elements, and hand them with their link density to the boilerplate filter. Metadata
// comes from Open Graph / Dublin Core meta tags, <title>, <time> and JSON-LD. Before gumbo
// sees a page, elements nested deeper than MAX_HTML_DEPTH are flattened (issue 12), and the
// tree gumbo builds is freed in one loop rather than by gumbo's recursion.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <vector>

#include "document_internal.hpp"

namespace reckon::text {
namespace {

using docread::Candidate;

// gumbo's node is a C union told apart by `type`; these are the only places that read it.
// NOLINTBEGIN(cppcoreguidelines-pro-type-union-access)
const GumboElement& element_of(const GumboNode* n) { return n->v.element; }
const GumboDocument& document_of(const GumboNode* n) { return n->v.document; }
const char* text_of(const GumboNode* n) { return n->v.text.text; }
// NOLINTEND(cppcoreguidelines-pro-type-union-access)

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view attr(const GumboNode* n, const char* name) {
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return {};
    const GumboAttribute* a = gumbo_get_attribute(&element_of(n).attributes, name);
    return a && a->value ? std::string_view(a->value) : std::string_view{};
}

bool is_element(const GumboNode* n) {
    return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}
GumboTag tag_of(const GumboNode* n) { return is_element(n) ? element_of(n).tag : GUMBO_TAG_UNKNOWN; }

const GumboVector* children_of(const GumboNode* n) {
    if (n->type == GUMBO_NODE_DOCUMENT) return &document_of(n).children;
    if (is_element(n)) return &element_of(n).children;
    return nullptr;
}

// Calls fn(node) on every node below root in document order, without recursion (pages
// can nest deeply). fn returns false to skip the node's children.
template <class Fn>
void walk(const GumboNode* root, Fn&& fn) {
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (!fn(n)) continue;
        if (const GumboVector* kids = children_of(n)) {
            for (unsigned i = kids->length; i > 0; --i)
                stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
        }
    }
}

bool skipped_tag(GumboTag t) {
    switch (t) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_EMBED:
        case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_AUDIO:
        case GUMBO_TAG_VIDEO:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_TITLE:
        case GUMBO_TAG_MENU:
            return true;
        default:
            return false;
    }
}

bool block_tag(GumboTag t) {
    switch (t) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_CENTER:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_DETAILS:
        case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_LEGEND:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_HTML:
            return true;
        default:
            return false;
    }
}

bool heading_tag(GumboTag t) {
    return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
           t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

// Readability's "unlikely candidates", matched on the words of class and id, unless the
// same attributes also name the content ("article-body").
bool furniture_by_name(const GumboNode* n) {
    std::string names = lower(attr(n, "class"));
    names += ' ';
    names += lower(attr(n, "id"));
    static constexpr std::array<std::string_view, 20> FURNITURE_PREFIXES = {
        "nav",    "menu",       "footer",     "related", "teaser",    "share",   "sharing",
        "social", "comment",    "cookie",     "consent", "sidebar",   "advert",  "sponsor",
        "promo",  "newsletter", "breadcrumb", "popup",   "subscribe", "outbrain"};
    static constexpr std::array<std::string_view, 8> FURNITURE_NAMES = {
        "ad", "ads", "adv", "banner", "modal", "gdpr", "taboola", "masthead"};
    static constexpr std::array<std::string_view, 7> CONTENT_NAMES = {"article", "body",  "content", "main",
                                                                      "story",   "entry", "post"};
    bool unlikely = false;
    bool likely = false;
    std::size_t i = 0;
    while (i < names.size()) {
        while (i < names.size() && !std::isalnum(static_cast<unsigned char>(names[i]))) ++i;
        std::size_t start = i;
        while (i < names.size() && std::isalnum(static_cast<unsigned char>(names[i]))) ++i;
        if (i == start) continue;
        std::string_view w(names.data() + start, i - start);
        for (std::string_view p : FURNITURE_PREFIXES) unlikely |= w.starts_with(p);
        for (std::string_view e : FURNITURE_NAMES) unlikely |= w == e;
        for (std::string_view c : CONTENT_NAMES) likely |= w == c;
    }
    return unlikely && !likely;
}

bool furniture_by_role(const GumboNode* n) {
    std::string role = lower(attr(n, "role"));
    static constexpr std::array<std::string_view, 9> FURNITURE_ROLES = {
        "navigation", "banner", "contentinfo", "complementary", "menu",
        "menubar",    "dialog", "alert",       "search"};
    if (std::find(FURNITURE_ROLES.begin(), FURNITURE_ROLES.end(), role) != FURNITURE_ROLES.end()) return true;
    if (lower(attr(n, "aria-hidden")) == "true") return true;
    if (gumbo_get_attribute(&element_of(n).attributes, "hidden")) return true;
    std::string style = lower(attr(n, "style"));
    style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
    return style.find("display:none") != std::string::npos ||
           style.find("visibility:hidden") != std::string::npos;
}

// Cuts the text under a node into paragraphs at block elements.
class BlockCollector {
public:
    std::vector<Candidate> blocks;

    void collect(const GumboNode* root) {
        // An explicit stack of (node, entering?) so deep nesting cannot overflow ours.
        struct Step {
            const GumboNode* node;
            bool leaving;
        };
        std::vector<Step> stack{{root, false}};
        while (!stack.empty()) {
            Step s = stack.back();
            stack.pop_back();
            const GumboNode* n = s.node;
            if (s.leaving) {
                leave(n);
                continue;
            }
            if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
                n->type == GUMBO_NODE_WHITESPACE) {
                append_text(text_of(n));
                continue;
            }
            if (!is_element(n)) continue;
            GumboTag t = tag_of(n);
            if (n != root && (skipped_tag(t) || furniture_by_role(n) || furniture_by_name(n))) continue;
            if (t == GUMBO_TAG_BR) {
                if (m_last_was_br) {
                    flush();
                } else {
                    append_text(" ");
                }
                m_last_was_br = true;
                continue;
            }
            enter(n);
            stack.push_back({n, true});
            const GumboVector& kids = element_of(n).children;
            for (unsigned i = kids.length; i > 0; --i)
                stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), false});
        }
        flush();
    }

private:
    void enter(const GumboNode* n) {
        GumboTag t = tag_of(n);
        if (block_tag(t)) flush();
        if (t == GUMBO_TAG_A) ++m_link_depth;
        if (heading_tag(t)) ++m_heading_depth;
    }
    void leave(const GumboNode* n) {
        GumboTag t = tag_of(n);
        if (block_tag(t)) flush();
        if (t == GUMBO_TAG_A) --m_link_depth;
        if (heading_tag(t)) --m_heading_depth;
    }

    // Appends text with runs of white space (and no-break spaces) collapsed to one space.
    void append_text(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
            if (!space && c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
                space = true;
                ++i;
            }
            if (space) {
                if (!m_text.empty() && m_text.back() != ' ') m_text += ' ';
                continue;
            }
            m_last_was_br = false;
            m_text += c;
            if (m_link_depth > 0) ++m_link_bytes;
            if (m_heading_depth > 0) m_any_heading = true;
        }
    }

    void flush() {
        std::string_view t = docread::trim_space_and_nbsp(m_text);
        if (!t.empty()) {
            Candidate c;
            c.block.text = std::string(t);
            c.link_density = static_cast<double>(m_link_bytes) / static_cast<double>(t.size());
            c.heading = m_any_heading;
            blocks.push_back(std::move(c));
        }
        m_text.clear();
        m_link_bytes = 0;
        m_any_heading = false;
    }

    std::string m_text;
    std::size_t m_link_bytes = 0;
    int m_link_depth = 0;
    int m_heading_depth = 0;
    bool m_any_heading = false;
    bool m_last_was_br = false;
};

std::string text_content(const GumboNode* root) {
    std::string out;
    walk(root, [&out, root](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
            out += text_of(n);
        }
        return n == root ||
               !(is_element(n) && (tag_of(n) == GUMBO_TAG_SCRIPT || tag_of(n) == GUMBO_TAG_STYLE));
    });
    return out;
}

std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char ch : docread::trim_space_and_nbsp(s)) {
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += ch;
    }
    return out;
}

// Bytes of text in <p> elements under root: how much article a container holds.
std::size_t paragraph_bytes(const GumboNode* root) {
    std::size_t total = 0;
    walk(root, [&total](const GumboNode* n) {
        if (tag_of(n) == GUMBO_TAG_P) {
            total += docread::trim_space_and_nbsp(text_content(n)).size();
            return false;
        }
        return !(is_element(n) && skipped_tag(tag_of(n)));
    });
    return total;
}

// datePublished anywhere in a JSON-LD value (objects, arrays, @graph).
std::optional<core::Date> json_ld_date(const nlohmann::json& j, int depth = 0) {
    if (depth > 16) return std::nullopt;
    if (j.is_object()) {
        auto it = j.find("datePublished");
        if (it != j.end() && it->is_string()) {
            if (auto d = docread::date_prefix(it->get<std::string>())) return d;
        }
        for (const auto& [key, value] : j.items()) {
            if (auto d = json_ld_date(value, depth + 1)) return d;
        }
    } else if (j.is_array()) {
        for (const auto& value : j) {
            if (auto d = json_ld_date(value, depth + 1)) return d;
        }
    }
    return std::nullopt;
}

struct PageMeta {
    std::string og_title, title_tag, first_h1, url, canonical, site_name;
    std::optional<core::Date> published_meta, published_named, published_json_ld, published_itemprop;
};

PageMeta read_meta(const GumboNode* document) {
    PageMeta m;
    static constexpr std::array<std::string_view, 10> DATE_META_NAMES = {
        "date",    "pubdate",        "publishdate",     "publish-date", "publish_date",
        "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date"};
    walk(document, [&m](const GumboNode* n) {
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!is_element(n)) return false;
        GumboTag t = tag_of(n);
        if (t == GUMBO_TAG_META) {
            std::string key = lower(attr(n, "property"));
            if (key.empty()) key = lower(attr(n, "name"));
            std::string_view content = attr(n, "content");
            if ((key == "og:title" || key == "twitter:title") && m.og_title.empty())
                m.og_title = collapse(content);
            if (key == "og:url" && m.url.empty()) m.url = std::string(docread::trim_space_and_nbsp(content));
            if (key == "og:site_name" && m.site_name.empty()) m.site_name = collapse(content);
            if (key == "article:published_time" && !m.published_meta)
                m.published_meta = docread::date_prefix(content);
            if (!m.published_named &&
                std::find(DATE_META_NAMES.begin(), DATE_META_NAMES.end(), key) != DATE_META_NAMES.end()) {
                m.published_named = docread::date_prefix(content);
            }
            if (lower(attr(n, "itemprop")) == "datepublished" && !m.published_itemprop) {
                m.published_itemprop = docread::date_prefix(content);
            }
        } else if (t == GUMBO_TAG_TITLE && m.title_tag.empty()) {
            m.title_tag = collapse(text_content(n));
        } else if (t == GUMBO_TAG_H1 && m.first_h1.empty()) {
            m.first_h1 = collapse(text_content(n));
        } else if (t == GUMBO_TAG_LINK && lower(attr(n, "rel")) == "canonical" && m.canonical.empty()) {
            m.canonical = std::string(docread::trim_space_and_nbsp(attr(n, "href")));
        } else if (t == GUMBO_TAG_SCRIPT) {
            if (lower(attr(n, "type")) == "application/ld+json" && !m.published_json_ld) {
                auto j = nlohmann::json::parse(text_content(n), nullptr, /*allow_exceptions=*/false);
                if (!j.is_discarded()) m.published_json_ld = json_ld_date(j);
            }
            return false;
        } else if (t == GUMBO_TAG_TIME && !m.published_itemprop &&
                   lower(attr(n, "itemprop")) == "datepublished") {
            m.published_itemprop = docread::date_prefix(attr(n, "datetime"));
        }
        return true;
    });
    return m;
}

// "Headline | Site" or "Headline - Site" -> "Headline" when the site's name is known.
std::string strip_site_name(std::string title, const std::string& site) {
    if (site.empty()) return title;
    for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "}) {
        std::string suffix = std::string(sep) + site;
        if (title.size() > suffix.size() && title.ends_with(suffix))
            return title.substr(0, title.size() - suffix.size());
    }
    return title;
}

// The container holding the article: the <article> with the most paragraph text, else
// <main> (or role=main), else <body>.
const GumboNode* content_root(const GumboNode* document) {
    const GumboNode* body = nullptr;
    const GumboNode* main = nullptr;
    std::vector<const GumboNode*> articles;
    walk(document, [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!is_element(n)) return false;
        GumboTag t = tag_of(n);
        if (t == GUMBO_TAG_BODY && !body) body = n;
        if ((t == GUMBO_TAG_MAIN || lower(attr(n, "role")) == "main") && !main) main = n;
        if (t == GUMBO_TAG_ARTICLE) articles.push_back(n);
        return !skipped_tag(t) || t == GUMBO_TAG_HEAD;
    });
    const GumboNode* best = nullptr;
    std::size_t best_bytes = 0;
    constexpr std::size_t MIN_ARTICLE_BYTES = 140;  // a teaser card is not the article
    for (const GumboNode* a : articles) {
        std::size_t bytes = paragraph_bytes(a);
        if (bytes > best_bytes) {
            best = a;
            best_bytes = bytes;
        }
    }
    if (best && best_bytes >= MIN_ARTICLE_BYTES) return best;
    if (main) return main;
    return body ? body : document;
}

std::optional<core::Date> first_time_datetime(const GumboNode* root) {
    std::optional<core::Date> d;
    walk(root, [&d](const GumboNode* n) {
        if (d) return false;
        if (!is_element(n)) return n->type == GUMBO_NODE_DOCUMENT;
        if (tag_of(n) == GUMBO_TAG_TIME) d = docread::date_prefix(attr(n, "datetime"));
        return true;
    });
    return d;
}

// gumbo_destroy_output frees the tree recursively, one stack frame per level: a deep tree
// overflows the stack. Every block gumbo allocates is linked into a list instead, and the
// list is freed in one loop when the parse is done with, whatever the shape of the tree.
class GumboMemory {
public:
    GumboMemory() = default;
    GumboMemory(const GumboMemory&) = delete;
    GumboMemory& operator=(const GumboMemory&) = delete;
    GumboMemory(GumboMemory&&) = delete;
    GumboMemory& operator=(GumboMemory&&) = delete;
    // malloc and free below: gumbo's allocator interface is C's (a size in, a pointer out).
    ~GumboMemory() {
        while (m_head) {
            Block* next = m_head->next;
            std::free(m_head);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
            m_head = next;
        }
    }

    static void* allocate(void* self, std::size_t size) {
        auto* memory = static_cast<GumboMemory*>(self);
        // NOLINTNEXTLINE(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
        auto* b = static_cast<Block*>(std::malloc(sizeof(Block) + size));
        if (!b) throw std::bad_alloc();
        b->prev = nullptr;
        b->next = memory->m_head;
        if (memory->m_head) memory->m_head->prev = b;
        memory->m_head = b;
        return b + 1;
    }
    static void deallocate(void* self, void* ptr) {
        if (!ptr) return;
        auto* memory = static_cast<GumboMemory*>(self);
        Block* b = static_cast<Block*>(ptr) - 1;
        (b->prev ? b->prev->next : memory->m_head) = b->next;
        if (b->next) b->next->prev = b->prev;
        std::free(b);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
    }

private:
    // Aligned like malloc's blocks, so the bytes after it are too.
    struct alignas(std::max_align_t) Block {
        Block* prev;
        Block* next;
    };
    Block* m_head = nullptr;
};

}  // namespace

// ---- nesting bound (issue 12) -------------------------------------------------------------
// gumbo builds the whole tree before we see it: its scope checks walk the stack of open
// elements for every tag (quadratic time on 100,000 nested <div>) and gumbo_destroy_output
// frees the tree recursively (a stack overflow on 300,000 unclosed <span>). So before gumbo
// runs, one linear pass models the stack of open elements closely enough, the way the HTML
// standard's tree builder closes elements (§13.2.6), and drops the start and end tags of
// elements that would be opened deeper than MAX_HTML_DEPTH, keeping all text. Where the
// model is unsure whether an element is closed it keeps it open, so it overestimates the
// depth and never lets gumbo's tree grow past a small multiple of the bound. Staying with
// gumbo (rather than libxml2's HTML parser, which stops at depth 256 and drops the rest of
// the page) keeps every page parsed as before.
namespace {

bool in_list(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool void_element(std::string_view n) {
    return in_list(n, {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
                       "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "image"});
}

// Elements whose content is text up to their end tag (script data, RCDATA, raw text).
bool raw_text_element(std::string_view n) {
    return in_list(n, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// The standard's "formatting" elements: an end tag of another element that closes one of
// them leaves it in the list of active formatting elements, to be reopened later.
bool formatting_element(std::string_view n) {
    return in_list(
        n, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"});
}

// The standard's "special" category (HTML namespace): "any other end tag" stops at them.
bool special_element(std::string_view n) {
    return in_list(
        n, {"address",    "applet",  "area",   "article", "aside",     "base",     "basefont", "bgsound",
            "blockquote", "body",    "br",     "button",  "caption",   "center",   "col",      "colgroup",
            "dd",         "details", "dir",    "div",     "dl",        "dt",       "embed",    "fieldset",
            "figcaption", "figure",  "footer", "form",    "frame",     "frameset", "h1",       "h2",
            "h3",         "h4",      "h5",     "h6",      "head",      "header",   "hgroup",   "hr",
            "html",       "iframe",  "img",    "input",   "keygen",    "li",       "link",     "listing",
            "main",       "marquee", "menu",   "meta",    "nav",       "noembed",  "noframes", "noscript",
            "object",     "ol",      "p",      "param",   "plaintext", "pre",      "script",   "section",
            "select",     "source",  "style",  "summary", "table",     "tbody",    "td",       "template",
            "textarea",   "tfoot",   "th",     "thead",   "title",     "tr",       "track",    "ul",
            "wbr",        "xmp",     "svg",    "math"});
}

// Markers in the list of active formatting elements.
bool marker(std::string_view n) {
    return in_list(n, {"applet", "caption", "marquee", "object", "template", "td", "th"});
}

// Elements that bound "has an element in scope" (plus button for button scope).
bool scope_boundary(std::string_view n) {
    return in_list(n, {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
                       "svg", "math"});
}

// Start tags that close an open <p> in button scope.
bool closes_p(std::string_view n) {
    return in_list(
        n, {"address", "article", "aside",    "blockquote", "center", "details", "dialog",  "dir",
            "div",     "dl",      "fieldset", "figcaption", "figure", "footer",  "header",  "hgroup",
            "main",    "menu",    "nav",      "ol",         "p",      "section", "summary", "ul",
            "h1",      "h2",      "h3",       "h4",         "h5",     "h6",      "pre",     "listing",
            "form",    "table",   "hr",       "xmp",        "li",     "dd",      "dt",      "plaintext"});
}

bool heading(std::string_view n) { return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6'; }

// End tags that close through anything in scope, not only through non-special elements.
bool scoped_end_tag(std::string_view n) {
    return closes_p(n) || heading(n) ||
           in_list(n, {"button", "body", "html", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
                       "colgroup", "select", "applet", "marquee", "object", "template"});
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Position just past the '>' that ends the tag whose attributes start at `i`, following the
// tokenizer's attribute states (a quote opens a value only after '='), or html.size().
std::size_t tag_end(std::string_view html, std::size_t i, bool& self_closing) {
    const std::size_t n = html.size();
    self_closing = false;
    while (i < n) {
        while (i < n && (space(html[i]) || html[i] == '/')) {
            self_closing = html[i] == '/';
            ++i;
        }
        if (i >= n) break;
        if (html[i] == '>') return i + 1;
        self_closing = false;
        ++i;  // the first character of an attribute name may be anything, even '='
        while (i < n && !space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
        while (i < n && space(html[i])) ++i;
        if (i >= n || html[i] != '=') continue;
        ++i;
        while (i < n && space(html[i])) ++i;
        if (i < n && (html[i] == '"' || html[i] == '\'')) {
            const std::size_t close = html.find(html[i], i + 1);
            if (close == std::string_view::npos) return n;
            i = close + 1;
        } else {
            while (i < n && !space(html[i]) && html[i] != '>') ++i;
        }
    }
    return n;
}

// Position of the end tag "</name" (any case) at or after i, or npos.
std::size_t find_end_tag(std::string_view html, std::size_t i, std::string_view name) {
    for (;;) {
        i = html.find("</", i);
        if (i == std::string_view::npos) return i;
        std::size_t k = 0;
        while (k < name.size() && i + 2 + k < html.size() && lower_ascii(html[i + 2 + k]) == name[k]) ++k;
        const std::size_t after = i + 2 + k;
        if (k == name.size() &&
            (after >= html.size() || space(html[after]) || html[after] == '/' || html[after] == '>'))
            return i;
        i += 2;
    }
}

// The model of the stack of open elements. Formatting elements closed by another element's
// end tag stay counted (`m_reopenable`) until their own end tag, as gumbo reopens them.
class NestingModel {
public:
    std::size_t depth() const { return m_open.size() + m_reopenable.size(); }
    bool foreign() const { return m_foreign > 0; }

    // A start tag that was kept: close what it implicitly closes, then open it.
    void start(const std::string& name, bool self_closing) {
        if (m_foreign == 0) close_implied_by(name);
        if (void_element(name) || (self_closing && m_foreign > 0)) return;
        if (name == "svg" || name == "math") ++m_foreign;
        m_open.push_back({name, m_reopenable.size()});
    }

    // An end tag that was kept.
    void end(const std::string& name) {
        const bool scoped = scoped_end_tag(name);
        for (std::size_t k = m_open.size(); k > 0; --k) {
            const std::string& node = m_open[k - 1].name;
            if (node == name) {
                pop_to(k - 1);
                return;
            }
            if (m_foreign > 0) continue;  // inside svg/math, an end tag closes its own element
            if (scoped ? scope_boundary(node) || (name == "p" && node == "button") : special_element(node))
                break;
            if (formatting_element(name) && special_element(node)) break;
        }
        // Not open (or out of reach): perhaps a formatting element waiting to be reopened.
        auto it = std::find(m_reopenable.rbegin(), m_reopenable.rend(), name);
        if (it != m_reopenable.rend()) m_reopenable.erase(std::next(it).base());
    }

private:
    // Pops m_open down to `size` elements; formatting elements among them stay reopenable.
    void pop_to(std::size_t size) {
        while (m_open.size() > size) {
            const Open& node = m_open.back();
            if (node.name == "svg" || node.name == "math") --m_foreign;
            if (marker(node.name)) {
                // Closing a marker clears the formatting elements opened since (§13.2.4.3).
                m_reopenable.resize(std::min(m_reopenable.size(), node.reopenable_before));
            } else if (m_open.size() - 1 > size && formatting_element(node.name)) {
                m_reopenable.push_back(node.name);
            }
            m_open.pop_back();
        }
    }

    // Closes the element at the nearest position where `same` holds, unless `stop` holds first.
    template <class Same, class Stop>
    void close_nearest(Same same, Stop stop) {
        for (std::size_t k = m_open.size(); k > 0; --k) {
            if (same(m_open[k - 1].name)) {
                pop_to(k - 1);
                return;
            }
            if (stop(m_open[k - 1].name)) return;
        }
    }

    void close_implied_by(const std::string& name) {
        if (closes_p(name))
            close_nearest([](const std::string& n) { return n == "p"; },
                          [](const std::string& n) { return scope_boundary(n) || n == "button"; });
        if (heading(name) && !m_open.empty() && heading(m_open.back().name)) pop_to(m_open.size() - 1);
        const auto not_address_div_p = [](const std::string& n) {
            return special_element(n) && n != "address" && n != "div" && n != "p";
        };
        if (name == "li") close_nearest([](const std::string& n) { return n == "li"; }, not_address_div_p);
        if (name == "dd" || name == "dt")
            close_nearest([](const std::string& n) { return n == "dd" || n == "dt"; }, not_address_div_p);
        const auto table_scope = [](const std::string& n) {
            return n == "table" || n == "html" || n == "template";
        };
        if (name == "td" || name == "th" || name == "tr" || name == "tbody" || name == "thead" ||
            name == "tfoot")
            close_nearest([](const std::string& n) { return n == "td" || n == "th"; }, table_scope);
        if (name == "tr" || name == "tbody" || name == "thead" || name == "tfoot")
            close_nearest([](const std::string& n) { return n == "tr"; }, table_scope);
        if (name == "tbody" || name == "thead" || name == "tfoot")
            close_nearest([](const std::string& n) { return n == "tbody" || n == "thead" || n == "tfoot"; },
                          table_scope);
        if ((name == "option" || name == "optgroup") && !m_open.empty() && m_open.back().name == "option")
            pop_to(m_open.size() - 1);
    }

    struct Open {
        std::string name;
        std::size_t reopenable_before;  // m_reopenable.size() when it was opened
    };
    std::vector<Open> m_open;               // never longer than MAX_HTML_DEPTH
    std::vector<std::string> m_reopenable;  // idem, together with m_open
    int m_foreign = 0;                      // open svg and math elements
};

}  // namespace

BoundedHtml bound_html_nesting(std::string_view html) {
    BoundedHtml out;
    NestingModel model;
    std::unordered_map<std::string, std::size_t> dropped_open;  // dropped start tags not yet closed
    std::size_t copied = 0;  // html[0, copied) is in out.html (only once something was dropped)
    auto drop = [&](std::size_t from, std::size_t to) {
        if (out.dropped_tags == 0) out.html.reserve(html.size());
        out.html.append(html.substr(copied, from - copied));
        // "<" or "</" before the dropped tag must not join what follows into a new tag.
        if (from > 0 && (html[from - 1] == '<' || html[from - 1] == '/')) out.html += ' ';
        copied = to;
        ++out.dropped_tags;
    };
    constexpr std::size_t MAX_TAG_NAME_BYTES = 32;  // longer names are unknown elements all the same
    std::size_t i = 0;
    const std::size_t n = html.size();
    while (i < n) {
        const std::size_t lt = html.find('<', i);
        if (lt == std::string_view::npos) break;
        i = lt + 1;
        if (i >= n) break;
        if (html.substr(lt, 4) == "<!--") {
            const std::size_t close = html.find("-->", lt + 4);
            i = close == std::string_view::npos ? n : close + 3;
            continue;
        }
        if (html[i] == '!' || html[i] == '?') {  // doctype, CDATA, processing instruction
            const std::size_t close = html.find('>', i);
            i = close == std::string_view::npos ? n : close + 1;
            continue;
        }
        const bool closing = html[i] == '/';
        std::size_t name_start = i + (closing ? 1 : 0);
        if (name_start >= n || !std::isalpha(static_cast<unsigned char>(html[name_start]))) continue;
        std::size_t name_end = name_start;
        while (name_end < n && !space(html[name_end]) && html[name_end] != '/' && html[name_end] != '>')
            ++name_end;
        std::string name;
        for (std::size_t k = name_start; k < name_end && k - name_start < MAX_TAG_NAME_BYTES; ++k)
            name += lower_ascii(html[k]);
        bool self_closing = false;
        const std::size_t end = tag_end(html, name_end, self_closing);
        i = end;
        if (name == "select" && model.foreign()) {
            // gumbo 0.10.1 fails an assertion (abort) on a <select> inside svg or math inside a
            // table, e.g. "<table><svg><select><title><select><td>", found by fuzzing; a select
            // means nothing there, so it goes.
            drop(lt, end);
            continue;
        }
        if (closing) {
            auto it = dropped_open.find(name);
            if (it != dropped_open.end() && it->second > 0) {
                --it->second;
                drop(lt, end);
            } else {
                model.end(name);
            }
            continue;
        }
        if (name == "plaintext") break;  // the rest of the document is text
        if (raw_text_element(name) && !model.foreign()) {
            // Its content is text, never tags: skip to its end tag.
            const std::size_t close = find_end_tag(html, end, name);
            if (close == std::string_view::npos) break;
            i = tag_end(html, close + 2 + name.size(), self_closing);
            continue;
        }
        if (!void_element(name) && !(self_closing && model.foreign()) && model.depth() >= MAX_HTML_DEPTH) {
            ++dropped_open[name];
            drop(lt, end);
            continue;
        }
        model.start(name, self_closing);
    }
    if (out.dropped_tags > 0) out.html.append(html.substr(copied));
    return out;
}

ParsedPage parse_html(std::string_view html) {
    ParsedPage page;
    BoundedHtml bounded = bound_html_nesting(html);
    page.dropped_tags = bounded.dropped_tags;
    if (bounded.dropped_tags > 0) html = bounded.html;
    GumboMemory memory;  // outlives the tree: freeing it frees every node
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // we never read gumbo's parse errors; do not keep them
    options.allocator = &GumboMemory::allocate;
    options.deallocator = &GumboMemory::deallocate;
    options.userdata = &memory;
    const GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
    if (!out) return page;
    const GumboNode* document = out->document;
    PageMeta meta = read_meta(document);
    const GumboNode* root = content_root(document);

    BlockCollector collector;
    collector.collect(root);
    docread::BoilerplateFilter filter([&page](TextBlock&& b) { page.blocks.push_back(std::move(b)); });
    for (Candidate& c : collector.blocks) filter.push(std::move(c));
    filter.finish();

    std::uint64_t offset = 0;
    for (TextBlock& b : page.blocks) {
        b.offset = offset;
        offset += b.text.size() + 1;
    }

    core::DocumentInfo& info = page.info;
    info.format = "html";
    info.publisher = meta.site_name;
    info.url = !meta.url.empty() ? meta.url : meta.canonical;
    if (!meta.og_title.empty()) {
        info.title = meta.og_title;
    } else if (!meta.title_tag.empty()) {
        info.title = strip_site_name(meta.title_tag, meta.site_name);
    } else if (!meta.first_h1.empty()) {
        info.title = meta.first_h1;
    } else {
        info.title = filter.headline();
    }
    for (const auto& d :
         {meta.published_meta, meta.published_named, meta.published_json_ld, meta.published_itemprop}) {
        if (d) {
            info.published = d;
            break;
        }
    }
    if (!info.published) info.published = first_time_datetime(root);
    return page;
}

// ---- pieces of a long page (issue 12) -----------------------------------------------------
// gumbo holds the whole tree of a page, about 20 bytes per byte of HTML, so a page longer
// than HTML_WHOLE_PAGE_BYTES is parsed piece by piece. A piece ends just after the last end
// tag of a block element before the limit (so no paragraph is split), scanned the way
// bound_html_nesting scans: comments, raw text and tags are never cut through where it can
// be helped; when it cannot, the next piece reopens what was open.
namespace {

bool block_end_tag(std::string_view n) {
    return in_list(
        n, {"p",     "div",   "li",         "ul",      "ol",      "dl",       "dd",      "dt",    "tr",
            "table", "tbody", "thead",      "tfoot",   "h1",      "h2",       "h3",      "h4",    "h5",
            "h6",    "pre",   "figure",     "header",  "footer",  "section",  "article", "aside", "nav",
            "main",  "form",  "blockquote", "address", "details", "fieldset", "body",    "html"});
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

// A code point boundary near i: the start of the code point holding html[i], or, when that is
// the very start, the end of that code point (a piece must never be empty).
std::size_t code_point_boundary(std::string_view s, std::size_t i) {
    std::size_t back = i;
    while (back > 0 && back < s.size() && continuation_byte(s[back])) --back;
    if (back > 0) return back;
    std::size_t forward = std::max<std::size_t>(i, 1);
    while (forward < s.size() && continuation_byte(s[forward])) ++forward;
    return forward;
}

}  // namespace

HtmlCut html_segment_cut(std::string_view html, std::size_t limit) {
    if (html.size() <= limit) return {html.size(), {}};
    const std::size_t hard_limit = std::min(html.size(), limit * 4);  // a tag may run past limit
    std::size_t best_block = 0;  // just past the last block end tag ending at or before limit
    std::size_t last_tag = 0;    // the '<' of the last tag starting at or before limit
    std::size_t i = 0;
    while (i < limit) {
        const std::size_t lt = html.find('<', i);
        if (lt == std::string_view::npos || lt >= limit) break;
        if (html.substr(lt, 4) == "<!--") {
            const std::size_t close = html.find("-->", lt + 4);
            if (close == std::string_view::npos || close + 3 > limit) {
                if (lt > 0) return {lt, {}};
                return {code_point_boundary(html, limit), "<!--"};
            }
            i = close + 3;
            continue;
        }
        i = lt + 1;
        const bool closing = html[i] == '/';
        const std::size_t name_start = i + (closing ? 1 : 0);
        if (name_start >= html.size() || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
            if (html[i] == '!' || html[i] == '?') {
                const std::size_t close = html.find('>', i);
                i = close == std::string_view::npos ? html.size() : close + 1;
            }
            continue;
        }
        std::size_t name_end = name_start;
        while (name_end < html.size() && !space(html[name_end]) && html[name_end] != '/' &&
               html[name_end] != '>')
            ++name_end;
        std::string name;
        constexpr std::size_t MAX_TAG_NAME_BYTES = 32;
        for (std::size_t k = name_start; k < name_end && k - name_start < MAX_TAG_NAME_BYTES; ++k)
            name += lower_ascii(html[k]);
        bool self_closing = false;
        const std::size_t end = tag_end(html.substr(0, hard_limit), name_end, self_closing);
        last_tag = lt;
        if (end > limit) {
            // A tag reaching past the limit: end the piece before it, or, when it is the
            // piece's first tag, take it whole as long as it ends at all within hard_limit.
            if (lt > 0) return {lt, {}};
            if (end < hard_limit || html[end - 1] == '>') return {end, {}};
            return {code_point_boundary(html, limit), {}};
        }
        i = end;
        if (closing) {
            if (block_end_tag(name)) best_block = end;
            continue;
        }
        if (raw_text_element(name)) {
            const std::size_t close = find_end_tag(html.substr(0, limit), end, name);
            if (close == std::string_view::npos) {
                // Its text runs past the limit: end the piece before it, else go on inside it.
                if (lt > 0) return {lt, {}};
                return {code_point_boundary(html, limit), "<" + name + ">"};
            }
            i = tag_end(html.substr(0, limit), close + 2 + name.size(), self_closing);
        }
    }
    if (best_block > 0) return {best_block, {}};
    if (last_tag > 0) return {last_tag, {}};
    return {code_point_boundary(html, docread::safe_cut(html, limit, limit)), {}};
}

}  // namespace reckon::text
