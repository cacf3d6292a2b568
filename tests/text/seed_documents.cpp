// Builds the seed article's HTML and PDF versions at test run time (see the header).
#include "seed_documents.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace reckon::seed {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in(text);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// "Technology3 weeks ago" -> {"Technology", "3 weeks ago"}: the category is glued to the
// first digit of the stamp.
SeedTeaser split_stamp_line(const std::string& line) {
    SeedTeaser t;
    t.stamp_line = line;
    std::size_t digit = 0;
    while (digit < line.size() && !std::isdigit(static_cast<unsigned char>(line[digit]))) ++digit;
    t.category = line.substr(0, digit);
    t.stamp = line.substr(digit);
    return t;
}

std::string escape_html(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '"') {
            out += "&quot;";
        } else if (s.compare(i, 3, "\xE2\x80\x99") == 0) {
            // Saved pages often carry typographic apostrophes as entities.
            out += "&rsquo;";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};

constexpr double A4_WIDTH_PT = 595.0;
constexpr double A4_HEIGHT_PT = 842.0;
constexpr double MARGIN_PT = 64.0;
constexpr double LINE_SPACING = 1.35;  // line height as a multiple of the font size
constexpr double RUNNING_HEAD_PT = 8.0;

std::vector<std::string> wrap_words(cairo_t* cr, const std::string& text, double width_pt) {
    std::vector<std::string> lines;
    std::istringstream forced(text);
    std::string source_line;
    while (std::getline(forced, source_line)) {
        std::istringstream words(source_line);
        std::string word;
        std::string line;
        while (words >> word) {
            std::string candidate = line;
            if (!candidate.empty()) candidate += ' ';
            candidate += word;
            cairo_text_extents_t ext;
            cairo_text_extents(cr, candidate.c_str(), &ext);
            if (!line.empty() && ext.x_advance > width_pt) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

std::filesystem::path seed_article_path() {
    std::filesystem::path p = std::filesystem::path(RECKON_SHARED_DIR) / "seed" / "article.txt";
    if (!std::filesystem::exists(p)) throw std::runtime_error(p.string() + ": seed article missing");
    return p;
}

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot open");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string seed_article_text() { return read_bytes(seed_article_path()); }

SeedArticle seed_article() {
    std::vector<std::string> lines = split_lines(seed_article_text());
    if (lines.size() < 3) throw std::runtime_error("seed article: too short");
    SeedArticle a;
    a.section = lines[0];
    a.headline = lines[1];
    std::size_t i = 2;
    for (; i < lines.size() && lines[i] != "-"; ++i) {
        if (!lines[i].empty()) a.body.push_back(lines[i]);
    }
    // Teaser entries: "-", stamp line, headline.
    while (i < lines.size()) {
        if (lines[i] != "-") {
            ++i;
            continue;
        }
        SeedTeaser t = split_stamp_line(i + 1 < lines.size() ? lines[i + 1] : "");
        t.headline = i + 2 < lines.size() ? lines[i + 2] : "";
        a.teasers.push_back(t);
        i += 3;
    }
    return a;
}

std::string seed_article_html() {
    const SeedArticle a = seed_article();
    const std::string site = "The Daily Ledger";
    const std::string url = "https://www.dailyledger.example/health/" + slug(a.headline);
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<title>" + escape_html(a.headline) + " | " + site + "</title>\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += R"(<meta property="og:title" content=")" + escape_html(a.headline) + "\">\n";
    h += R"(<meta property="og:site_name" content=")" + site + "\">\n";
    h += R"(<meta property="og:url" content=")" + url + "\">\n";
    h += "<meta property=\"og:type\" content=\"article\">\n";
    h += "<meta property=\"article:published_time\" content=\"2025-07-24T08:15:00+00:00\">\n";
    h += R"(<meta property="article:section" content=")" + escape_html(a.section) + "\">\n";
    h += R"(<link rel="canonical" href=")" + url + "\">\n";
    h += "<link rel=\"stylesheet\" href=\"/assets/site.css\">\n";
    h += "<style>body{font-family:Georgia,serif}.cookie-banner{position:fixed;bottom:0}</style>\n";
    h += "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
         "gtag('js', new Date());</script>\n";
    h += "</head>\n<body class=\"article-page\">\n";
    h += "<div id=\"cookie-banner\" class=\"cookie-banner\"><p>We use cookies to improve your "
         "experience. By continuing to browse you agree to our use of cookies.</p>"
         "<button>Accept</button><a href=\"/privacy\">Privacy policy</a></div>\n";
    h += R"(<header class="site-header"><a class="logo" href="/">)" + site +
         "</a><p class=\"tagline\">News you can count on, every day of the week.</p></header>\n";
    h += "<nav class=\"main-nav\"><ul>";
    for (const char* s : {"World", "Business", "Technology", "Health", "Lifestyle", "Education"}) {
        h += std::string("<li><a href=\"/") + slug(s) + "\">" + s + "</a></li>";
    }
    h += "</ul></nav>\n<main id=\"content\">\n";
    h += R"(<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/health">)" +
         escape_html(a.section) + "</a></div>\n";
    h += "<article class=\"story\">\n";
    h += R"(<p class="kicker"><a href="/health">)" + escape_html(a.section) + "</a></p>\n";
    h += "<h1 class=\"headline\">" + escape_html(a.headline) + "</h1>\n";
    h += "<div class=\"byline\">By <a href=\"/staff\">Staff Writer</a> &middot; "
         "<time datetime=\"2025-07-24T08:15:00Z\">July 24, 2025</time></div>\n";
    h += "<div class=\"share-tools\"><a href=\"#\">Share on X</a> <a href=\"#\">Facebook</a> "
         "<a href=\"#\">Email</a></div>\n";
    h += "<div class=\"story-body\">\n";
    for (std::size_t i = 0; i < a.body.size(); ++i) {
        h += "  <p>" + escape_html(a.body[i]) + "</p>\n";
        if (i == 2) {
            h += "  <div class=\"advert-slot\"><span>Advertisement</span></div>\n";
        }
    }
    h += "</div>\n</article>\n";
    h += "<section class=\"more-stories\">\n<h2>More stories</h2>\n<ul>\n";
    for (const SeedTeaser& t : a.teasers) {
        h += "  <li><a href=\"/" + slug(t.category) + "/" + slug(t.headline) + "\">" +
             escape_html(t.headline) + "</a> <span class=\"category\">" + escape_html(t.category) +
             "</span> <span class=\"stamp\">" + escape_html(t.stamp) + "</span></li>\n";
    }
    h += "</ul>\n</section>\n</main>\n";
    h += "<footer class=\"site-footer\"><p>&copy; 2025 " + site +
         ". All rights reserved.</p><ul><li><a href=\"/about\">About us</a></li>"
         "<li><a href=\"/contact\">Contact</a></li><li><a href=\"/terms\">Terms of use</a></li>"
         "</ul></footer>\n";
    h += "<script src=\"/assets/app.js\" defer></script>\n</body>\n</html>\n";
    return h;
}

void write_pdf(const std::filesystem::path& out, const std::vector<PdfParagraph>& paragraphs,
               const PdfOptions& options) {
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
        cairo_pdf_surface_create(out.c_str(), A4_WIDTH_PT, A4_HEIGHT_PT));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(out.string() + ": cairo cannot create the PDF");
    }
    if (!options.title.empty()) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, options.title.c_str());
    }
    if (!options.created_iso.empty()) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                       options.created_iso.c_str());
    }
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    const double text_width = A4_WIDTH_PT - 2 * MARGIN_PT;
    int page = 1;
    auto draw_running_head = [&] {
        if (options.running_head.empty()) return;
        cairo_select_font_face(cr.get(), "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr.get(), RUNNING_HEAD_PT);
        cairo_move_to(cr.get(), MARGIN_PT, MARGIN_PT / 2);
        cairo_show_text(cr.get(), (options.running_head + " " + std::to_string(page)).c_str());
    };
    draw_running_head();
    double y = MARGIN_PT;
    for (const PdfParagraph& p : paragraphs) {
        cairo_select_font_face(cr.get(), "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL,
                               p.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr.get(), p.font_size_pt);
        const double line_height = p.font_size_pt * LINE_SPACING;
        for (const std::string& line : wrap_words(cr.get(), p.text, text_width)) {
            if (y + line_height > A4_HEIGHT_PT - MARGIN_PT) {
                cairo_show_page(cr.get());
                ++page;
                draw_running_head();
                cairo_select_font_face(cr.get(), "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL,
                                       p.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
                cairo_set_font_size(cr.get(), p.font_size_pt);
                y = MARGIN_PT;
            }
            y += line_height;
            cairo_move_to(cr.get(), MARGIN_PT, y);
            cairo_show_text(cr.get(), line.c_str());
        }
        y += options.paragraph_gap_pt;
    }
    cairo_show_page(cr.get());
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(out.string() + ": cairo failed writing the PDF");
    }
}

void write_seed_article_pdf(const std::filesystem::path& out) {
    const SeedArticle a = seed_article();
    std::vector<PdfParagraph> paragraphs;
    paragraphs.push_back({a.section, 9.0, true});
    paragraphs.push_back({a.headline, 17.0, true});
    for (const std::string& p : a.body) paragraphs.push_back({p});
    for (const SeedTeaser& t : a.teasers) {
        paragraphs.push_back({"-"});
        paragraphs.push_back({t.stamp_line, 9.0});
        paragraphs.push_back({t.headline, 11.0, true});
    }
    write_pdf(out, paragraphs, {a.headline, "2025-07-24T09:00:00", 8.0});
}

}  // namespace reckon::seed
