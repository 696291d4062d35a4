#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cascade {

// Horizontal bar charts as inline SVG, written by hand so that a report is one self-contained
// file that any browser opens: one row per category, the series stacked or side by side.
class SvgChart {
public:
    struct Series {
        std::string name;
        std::string color;           // CSS colour
        std::vector<double> values;  // one per category
    };

    SvgChart(std::string title, std::vector<std::string> categories);
    void add_series(Series series);
    void set_stacked(bool stacked) { stacked_ = stacked; }
    void set_format(std::function<std::string(double)> format) { format_ = std::move(format); }

    std::string svg() const;

private:
    std::string title_;
    std::vector<std::string> categories_;
    std::vector<Series> series_;
    bool stacked_ = false;
    std::function<std::string(double)> format_;
};

// Text and attribute escaping for HTML and SVG.
std::string escape_html(const std::string& text);

}  // namespace cascade
