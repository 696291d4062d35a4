#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cascade::cli {

// A plain aligned text table for terminal output; numbers right-aligned.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> headers);
    void add_row(std::vector<std::string> cells);
    void print(std::ostream& out) const;

private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

std::string format_cost(double dollars);
std::string format_count(long long value);
std::string format_ms(double ms);

}  // namespace cascade::cli
