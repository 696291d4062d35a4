#include "cascade/stages/scorecolumn.h"

#include <limits>
#include <memory>

namespace cascade {

ScoreColumn::ScoreColumn(const std::vector<Item>& items, const Reader& read) {
    scores_.reserve(items.size());
    for (const auto& item : items) scores_.push_back(read(item));
}

std::vector<bool> ScoreColumn::keep(double threshold) const {
    std::vector<bool> kept(scores_.size());
    for (std::size_t i = 0; i < scores_.size(); ++i) kept[i] = passes(scores_[i], threshold);
    return kept;
}

double ScoreColumn::number(const Item& item, const std::string& field) {
    if (item.status == ItemStatus::Error) return std::numeric_limits<double>::quiet_NaN();
    const auto it = item.scores.find(field);
    if (it == item.scores.end() || !it->is_number())
        return std::numeric_limits<double>::quiet_NaN();
    return it->get<double>();
}

StageKind::PrepareSweep ScoreColumn::prepare(std::function<Reader(const StageConfig&)> reader_for) {
    return [reader_for = std::move(reader_for)](const StageConfig& config,
                                                const std::vector<Item>& items) {
        const auto column = std::make_shared<const ScoreColumn>(items, reader_for(config));
        return StageKind::KeptAt(
            [column](const std::string&, double value) { return column->keep(value); });
    };
}

}  // namespace cascade
