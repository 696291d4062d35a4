#pragma once

#include <string>

namespace cascade {

// Dollars for people: cents for sums of a dollar or more, three significant digits below that,
// so that per-input costs of a few hundred-thousandths of a dollar do not all read "$0.0000".
std::string format_money(double dollars);

}  // namespace cascade
