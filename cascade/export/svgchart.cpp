#include "cascade/export/svgchart.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace cascade {

namespace {

constexpr int kLabelWidth = 150;
constexpr int kBarArea = 420;
constexpr int kValueWidth = 110;
constexpr int kBarHeight = 14;
constexpr int kTop = 28;

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

std::string default_format(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, value == static_cast<long long>(value) ? "%.0f" : "%.4g",
                  value);
    return buffer;
}

}  // namespace

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

SvgChart::SvgChart(std::string title, std::vector<std::string> categories)
    : title_(std::move(title)), categories_(std::move(categories)) {}

void SvgChart::add_series(Series series) {
    series.values.resize(categories_.size(), 0.0);
    series_.push_back(std::move(series));
}

std::string SvgChart::svg() const {
    const auto format = format_ ? format_ : default_format;
    const std::size_t lanes = stacked_ ? 1 : std::max<std::size_t>(series_.size(), 1);
    const int row_height = static_cast<int>(lanes) * (kBarHeight + 2) + 10;
    double max = 0.0;
    for (std::size_t c = 0; c < categories_.size(); ++c) {
        double stack = 0.0;
        for (const auto& s : series_) {
            stack += s.values[c];
            max = std::max(max, stacked_ ? stack : s.values[c]);
        }
    }
    const double scale = max > 0.0 ? kBarArea / max : 0.0;
    const int width = kLabelWidth + kBarArea + kValueWidth;
    const int height = kTop + static_cast<int>(categories_.size()) * row_height + 24;
    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << width
        << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << ' ' << height
        << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        << "<title>" << escape_html(title_) << "</title>\n"
        << "<text x=\"0\" y=\"16\" font-weight=\"bold\">" << escape_html(title_) << "</text>\n";
    for (std::size_t c = 0; c < categories_.size(); ++c) {
        const int y0 = kTop + static_cast<int>(c) * row_height;
        out << "<text x=\"" << kLabelWidth - 8 << "\" y=\"" << y0 + kBarHeight - 2
            << "\" text-anchor=\"end\">" << escape_html(categories_[c]) << "</text>\n";
        double x = kLabelWidth;
        for (std::size_t s = 0; s < series_.size(); ++s) {
            const double value = series_[s].values[c];
            const double w = value * scale;
            const int y = y0 + (stacked_ ? 0 : static_cast<int>(s) * (kBarHeight + 2));
            const double bar_x = stacked_ ? x : kLabelWidth;
            out << "<rect x=\"" << number(bar_x) << "\" y=\"" << y << "\" width=\"" << number(w)
                << "\" height=\"" << kBarHeight << "\" fill=\"" << series_[s].color << "\"><title>"
                << escape_html(series_[s].name + " " + categories_[c] + ": " + format(value))
                << "</title></rect>\n";
            if (!stacked_)
                out << "<text x=\"" << number(bar_x + w + 4) << "\" y=\"" << y + kBarHeight - 3
                    << "\" fill=\"#333\">" << escape_html(format(value)) << "</text>\n";
            x += w;
        }
        if (stacked_) {
            std::string label;
            for (const auto& s : series_)
                label += (label.empty() ? "" : " / ") + format(s.values[c]);
            out << "<text x=\"" << number(x + 4) << "\" y=\"" << y0 + kBarHeight - 3
                << "\" fill=\"#333\">" << escape_html(label) << "</text>\n";
        }
    }
    int legend_x = kLabelWidth;
    const int legend_y = height - 10;
    for (const auto& s : series_) {
        out << "<rect x=\"" << legend_x << "\" y=\"" << legend_y - 10 << "\" width=\"10\" "
            << "height=\"10\" fill=\"" << s.color << "\"/><text x=\"" << legend_x + 14 << "\" y=\""
            << legend_y << "\">" << escape_html(s.name) << "</text>\n";
        legend_x += 24 + static_cast<int>(s.name.size()) * 7;
    }
    out << "</svg>\n";
    return out.str();
}

}  // namespace cascade
