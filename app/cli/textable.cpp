#include "textable.h"

#include <algorithm>
#include <cstdio>

namespace cascade::cli {

namespace {

bool looks_numeric(const std::string& cell) {
    if (cell.empty()) return false;
    const char first = cell[0];
    return (first >= '0' && first <= '9') || first == '$' || first == '-' || first == '+';
}

// Display width in code points, so that "→" and "✓" do not skew the columns.
std::size_t width(const std::string& text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void TextTable::add_row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        widths[c] = width(headers_[c]);
        for (const auto& row : rows_) widths[c] = std::max(widths[c], width(row[c]));
    }
    const auto print_row = [&](const std::vector<std::string>& row, bool header) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string pad(widths[c] - width(row[c]), ' ');
            const bool right = !header && c > 0 && looks_numeric(row[c]);
            out << (c ? "  " : "") << (right ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : ""));
        }
        out << "\n";
    };
    print_row(headers_, true);
    std::size_t total = 0;
    for (auto w : widths) total += w + 2;
    out << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
    for (const auto& row : rows_) print_row(row, false);
}

std::string format_cost(double dollars) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, dollars < 1.0 ? "$%.4f" : "$%.2f", dollars);
    return buffer;
}

std::string format_count(long long value) {
    char buffer[32];
    if (value >= 1000000) std::snprintf(buffer, sizeof buffer, "%.1fM", value / 1e6);
    else if (value >= 10000) std::snprintf(buffer, sizeof buffer, "%.1fk", value / 1e3);
    else std::snprintf(buffer, sizeof buffer, "%lld", value);
    return buffer;
}

std::string format_ms(double ms) {
    char buffer[32];
    if (ms <= 0) return "-";
    if (ms >= 1000) std::snprintf(buffer, sizeof buffer, "%.2f s", ms / 1000);
    else std::snprintf(buffer, sizeof buffer, "%.0f ms", ms);
    return buffer;
}

}  // namespace cascade::cli
