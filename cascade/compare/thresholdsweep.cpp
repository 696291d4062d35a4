#include "cascade/compare/thresholdsweep.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "cascade/core/error.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"

namespace cascade {

namespace {

// Sweep values are computed as from + i * step; rounding keeps 0.1 + 2 * 0.1 equal to the 0.3
// a person would type into cascade.json, so a point matches a re-run at that value exactly.
double tidy(double value) {
    return std::round(value * 1e9) / 1e9;
}

}  // namespace

ThresholdSweep::ThresholdSweep(const StageKind& kind, StageConfig config, std::vector<Item> items,
                               const std::vector<Label>& labels)
    : kind_(kind), config_(std::move(config)), items_(std::move(items)) {
    if (kind_.thresholds.empty() || (!kind_.prepare_sweep && !kind_.recompute_kept))
        throw Error("stage \"" + config_.id + "\" (" + kind_.name +
                    ") has no threshold that can be swept");
    if (kind_.prepare_sweep) prepared_ = kind_.prepare_sweep(config_, items_);
    for (std::size_t i = 0; i < items_.size(); ++i)
        if (items_[i].status == ItemStatus::Error) errors_.push_back(i);
    // Ground truth by content: the run's own decisions play no part, so every run of the same
    // items is measured against the same truth.
    std::unordered_map<std::string, Truth> truth_of;
    for (const auto& label : labels)
        if (label.stage == config_.id) truth_of.emplace(label.content_hash, label.truth);
    if (truth_of.empty()) return;
    for (std::size_t i = 0; i < items_.size(); ++i) {
        if (items_[i].status == ItemStatus::Error) continue;
        const auto it = truth_of.find(LabelStore::content_hash(items_[i].data));
        if (it != truth_of.end()) truth_.emplace_back(i, it->second == Truth::Drop);
    }
}

ThresholdSweep ThresholdSweep::load(const StageRegistry& registry, RunReader& reader,
                                    std::int64_t run_id, const std::string& stage) {
    const auto run = reader.run(run_id);
    if (!run) throw Error("no run " + std::to_string(run_id));
    const Json* stages = find_pointer(run->config, "/stages");
    if (!stages || !stages->is_array())
        throw Error("run " + std::to_string(run_id) + " has no stages");
    for (std::size_t i = 0; i < stages->size(); ++i) {
        const Json& spec = (*stages)[i];
        if (!spec.is_object() || spec.value("id", "") != stage) continue;
        StageConfig config;
        config.id = stage;
        config.kind = spec.value("kind", "");
        config.index = static_cast<int>(i);
        config.from = spec.value("from", "");
        config.spec = spec;
        config.json_path = "/stages/" + std::to_string(i);
        const StageKind* kind = registry.find(config.kind);
        if (!kind) throw Error("stage \"" + stage + "\" has unknown kind \"" + config.kind + "\"");
        return ThresholdSweep(*kind, std::move(config), reader.items(run_id, stage),
                              LabelStore(reader.db().path()).list(stage));
    }
    throw Error("run " + std::to_string(run_id) + " has no stage \"" + stage + "\"");
}

const ThresholdSpec& ThresholdSweep::spec(const std::string& param) const {
    if (param.empty()) return kind_.thresholds.front();
    std::string known;
    for (const auto& spec : kind_.thresholds) {
        if (spec.param == param) return spec;
        known += (known.empty() ? "" : ", ") + spec.param;
    }
    throw Error("stage \"" + config_.id + "\" has no threshold \"" + param + "\" (known: " + known +
                ")");
}

std::optional<double> ThresholdSweep::current(const std::string& param) const {
    const std::string& name = spec(param).param;
    const auto it = config_.spec.find(name);
    if (it == config_.spec.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

std::vector<bool> ThresholdSweep::kept_at(const std::string& param, double value) const {
    const std::string& name = spec(param).param;
    auto kept =
        prepared_ ? prepared_(name, value) : kind_.recompute_kept(config_, items_, name, value);
    if (kept.size() != items_.size())
        throw Error("stage kind \"" + kind_.name + "\" decided " + std::to_string(kept.size()) +
                    " of " + std::to_string(items_.size()) + " items");
    return kept;
}

SweepPoint ThresholdSweep::at(const std::string& param, double value) const {
    return score(value, kept_at(param, value));
}

std::vector<SweepPoint> ThresholdSweep::sweep(const std::string& param, std::optional<double> from,
                                              std::optional<double> to,
                                              std::optional<double> step) const {
    const ThresholdSpec& s = spec(param);
    const double first = from.value_or(s.min);
    const double last = to.value_or(s.max);
    const double by = step.value_or(s.step);
    if (!(by > 0.0)) throw Error("the sweep step must be positive");
    if (last < first) throw Error("the sweep range is empty (from > to)");
    const double count = std::floor((last - first) / by + 1e-9) + 1.0;
    if (count > 100000) throw Error("a sweep of more than 100,000 points; use a larger step");
    // Points are independent and the decision is a pure function of its arguments, so the
    // points are spread over the cores.
    const auto n = static_cast<std::size_t>(count);
    std::vector<SweepPoint> points(n);
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::exception_ptr failure;
    const auto work = [&] {
        for (std::size_t i; (i = next++) < n;) {
            try {
                points[i] = at(s.param, tidy(first + static_cast<double>(i) * by));
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    const std::size_t workers =
        std::min<std::size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work);
    work();
    for (auto& thread : threads) thread.join();
    if (failure) std::rethrow_exception(failure);
    return points;
}

SweepPoint ThresholdSweep::score(double value, const std::vector<bool>& kept) const {
    SweepPoint point;
    point.value = value;
    point.kept = std::count(kept.begin(), kept.end(), true);
    for (const std::size_t i : errors_) point.kept -= kept[i] ? 1 : 0;
    point.filtered = static_cast<std::int64_t>(items_.size() - errors_.size()) - point.kept;
    std::int64_t agreed = 0;
    for (const auto& [index, should_filter] : truth_) {
        const bool filtered = !kept[index];
        if (filtered && should_filter)
            ++point.true_filtered;
        else if (filtered)
            ++point.false_filtered;
        else if (should_filter)
            ++point.missed;
        agreed += filtered == should_filter ? 1 : 0;
    }
    const auto ratio = [](std::int64_t num, std::int64_t den) -> std::optional<double> {
        if (den == 0) return std::nullopt;
        return static_cast<double>(num) / static_cast<double>(den);
    };
    point.precision = ratio(point.true_filtered, point.true_filtered + point.false_filtered);
    point.recall = ratio(point.true_filtered, point.true_filtered + point.missed);
    point.agreement = ratio(agreed, static_cast<std::int64_t>(truth_.size()));
    return point;
}

}  // namespace cascade
