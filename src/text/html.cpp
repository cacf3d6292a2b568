// Saved web pages: gumbo parses the HTML (tolerant of any malformed input, entities
// decoded), then we pick the article's container, drop page furniture by tag, role and
// class/id (the Readability heuristics), cut what is left into paragraphs at block
// elements, and hand them with their link density to the boilerplate filter. Metadata
// comes from Open Graph / Dublin Core meta tags, <title>, <time> and JSON-LD.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "document_internal.hpp"

namespace reckon::text {
namespace {

using docread::Candidate;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view attr(const GumboNode* n, const char* name) {
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return {};
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a && a->value ? std::string_view(a->value) : std::string_view{};
}

bool is_element(const GumboNode* n) {
    return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}
GumboTag tag_of(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

const GumboVector* children_of(const GumboNode* n) {
    if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
    if (is_element(n)) return &n->v.element.children;
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
    static constexpr std::array<std::string_view, 20> prefixes = {
        "nav",    "menu",       "footer",     "related", "teaser",    "share",   "sharing",
        "social", "comment",    "cookie",     "consent", "sidebar",   "advert",  "sponsor",
        "promo",  "newsletter", "breadcrumb", "popup",   "subscribe", "outbrain"};
    static constexpr std::array<std::string_view, 8> exact = {"ad",    "ads",  "adv",     "banner",
                                                              "modal", "gdpr", "taboola", "masthead"};
    static constexpr std::array<std::string_view, 7> content = {"article", "body",  "content", "main",
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
        for (std::string_view p : prefixes) unlikely |= w.starts_with(p);
        for (std::string_view e : exact) unlikely |= w == e;
        for (std::string_view c : content) likely |= w == c;
    }
    return unlikely && !likely;
}

bool furniture_by_role(const GumboNode* n) {
    std::string role = lower(attr(n, "role"));
    static constexpr std::array<std::string_view, 9> roles = {"navigation",    "banner", "contentinfo",
                                                              "complementary", "menu",   "menubar",
                                                              "dialog",        "alert",  "search"};
    if (std::find(roles.begin(), roles.end(), role) != roles.end()) return true;
    if (lower(attr(n, "aria-hidden")) == "true") return true;
    if (gumbo_get_attribute(&n->v.element.attributes, "hidden")) return true;
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
                append_text(n->v.text.text);
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
            const GumboVector& kids = n->v.element.children;
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
            out += n->v.text.text;
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
    static constexpr std::array<std::string_view, 10> date_names = {
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
                std::find(date_names.begin(), date_names.end(), key) != date_names.end()) {
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

struct GumboDeleter {
    void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

}  // namespace

ParsedPage parse_html(std::string_view html) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // we never read gumbo's parse errors; do not keep them
    std::unique_ptr<GumboOutput, GumboDeleter> out(
        gumbo_parse_with_options(&options, html.data(), html.size()));
    ParsedPage page;
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

}  // namespace reckon::text
